"""Journeys 9 and 10 through the real pages.

9: a customs officer asks for an account; his organisation's admin vets him from the queue and later reads, in
the audit log, when he first exported anything.
10: a platform employee tries an organisation-only case every way a user can (its page, the API, search,
deconfliction, a subscription): each answer must be the one a record that does not exist gets, and each try
must be in the audit log.
"""

import re
from datetime import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Advert, Seizure
from cases.services import child_create
from lexicon.models import Taxon
from portal.access.models import TLP, Distribution
from portal.orgs.models import Role
from portal.search.services import Filters, search
from tests.browser.helpers import PASSWORD, log_in
from tests.factories import CaseFactory, UserFactory, client_for, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "var/test/journey"


def open_menu(page):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # on narrower windows the menu sits behind the toggler
        toggler.click()


def without_tokens(html: str) -> str:
    """A page as any other request would get it: the CSRF token and the script nonce change every time."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r'nonce="[^"]*"', "nonce", html)


def main_text(page) -> str:
    return page.locator("main").inner_text()


def open_org_admin_pages(page, email):
    """From the navigation bar to the profile, then to the organisation's members, vetting and audit pages."""
    open_menu(page)
    page.get_by_role("link", name=email).click()
    page.get_by_role("link", name="Organisation members, vetting, invitations and audit log").click()


# Journey 9 --------------------------------------------------------------------------------------------------

NEWCOMER = "omar.said@owner.test"


def test_an_admin_vets_a_newcomer_and_sees_his_first_export(page, new_context, live_server, cast):
    base = live_server.url
    member(cast.owner_org, role=Role.ADMIN, email="admin@owner.test", full_name="Asha Admin")
    seizure_case = CaseFactory(owner_org=cast.owner_org, marker="Port of Mombasa ivory seizure")

    # The newcomer asks for an account from the log-in page, typing his organisation's name (visitors are not
    # shown the list of organisations).
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("link", name="Ask for an account").click()
    page.get_by_label("E-mail").fill(NEWCOMER)
    page.get_by_label("Full name").fill("Omar Said")
    page.get_by_label("Organisation", exact=True).fill(cast.owner_org.name)
    page.get_by_label("Its sector").select_option(value=cast.owner_org.sector)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.screenshot(path=f"{SHOTS}-9-signup.png", full_page=True)
    page.get_by_role("button", name="Ask for an account").click()
    page.wait_for_url(f"{base}/accounts/signup/sent/")
    assert "Check your e-mail" in main_text(page)

    # Until he is vetted, his password opens nothing.
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("E-mail").fill(NEWCOMER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("waiting to be vetted by an admin of your organisation")
    assert page.get_by_role("link", name=NEWCOMER).count() == 0

    # His admin finds him in the vetting queue and approves him.
    log_in(page, base, "admin@owner.test")
    open_org_admin_pages(page, "admin@owner.test")
    page.get_by_role("link", name="Vetting queue").click()
    row = page.get_by_role("row").filter(has_text=NEWCOMER)
    assert "Omar Said" in row.inner_text() and "Owner Agency" in row.inner_text()
    row.get_by_label("Role").select_option(label="Contributor")  # he asked as a reader
    page.screenshot(path=f"{SHOTS}-9-vetting.png", full_page=True)
    row.get_by_role("button", name="Approve").click()
    assert "Account approved." in page.locator("body").inner_text()
    assert page.get_by_role("row").filter(has_text=NEWCOMER).count() == 0

    # He logs in (setting up two-factor, as enforcement members must) and exports the case list.
    officer = new_context().new_page()
    log_in(officer, base, NEWCOMER)
    open_menu(officer)
    officer.get_by_role("link", name="Cases", exact=True).click()
    before = timezone.now().replace(microsecond=0)
    with officer.expect_download() as download:
        officer.get_by_role("link", name="CSV", exact=True).click()
    after = timezone.now()
    with open(download.value.path(), encoding="utf-8") as csv_file:
        exported = csv_file.read()
    assert exported.startswith("TLP:AMBER") and seizure_case.title in exported  # his organisation's case

    # The admin opens the audit log and finds that export, by him, with its time.
    page.get_by_role("link", name="Audit log").click()
    page.get_by_label("Action").fill("cases.export")
    page.get_by_label("Actor e-mail").fill(NEWCOMER)
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td").all_inner_texts()
    when = datetime.strptime(cells[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.get_current_timezone())
    assert before <= when <= after
    assert cells[1] == NEWCOMER and cells[3] == "cases.export" and "rows 1" in cells[6]
    page.screenshot(path=f"{SHOTS}-9-audit.png", full_page=True)

    page.get_by_role("link", name="Members").click()
    assert page.get_by_role("row").filter(has_text=NEWCOMER).locator("td").nth(3).inner_text() == "Contributor"


# Journey 10 -------------------------------------------------------------------------------------------------

HANDLE = "kitetusker93"  # the hidden advert's seller: nobody outside the owner agency knows it
UNKNOWN = "plumwhisker58"  # a handle no record holds, tried the same way
INTRUDER = "trust@platform.test"


@pytest.fixture
def hidden(cast):
    """An organisation-only case of the owner agency with an advert of the marked seller, and a species."""
    case = CaseFactory(owner_org=cast.owner_org, marker="Operation Kite ivory ring")
    child_create(
        actor=cast.owner_editor, model=Advert, case=case,
        data={"title": "Carved bangles", "text": f"Message {HANDLE} for the price", "seller_handle": f"@{HANDLE}"},
    )  # fmt: skip
    taxon = Taxon.objects.create(scientific_name="Manis temminckii", common_names={"en": ["Temminck's pangolin"]})
    # Those who may see the case find it by the handle; so a miss below is the policy's, not the index's.
    assert search(cast.owner_editor, Filters(q=HANDLE)).total == 1
    return case, taxon


def seizures_arrive(cast, case, taxon):
    """After the subscription, the owner agency records a seizure of the species in the hidden case and, in a
    case shared with the whole community, another one that every vetted member may follow."""
    shared = CaseFactory(
        owner_org=cast.owner_org, marker="Pangolin scales route", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
    )
    for on, place in ((case, "Kilindini warehouse seven"), (shared, "Mombasa container yard")):
        child_create(actor=cast.owner_editor, model=Seizure, case=on, data={"place": place, "taxon": taxon})


def try_everything(page, base, case, taxon) -> dict:
    """Each way the platform employee tries the hidden case, next to the same try at something that does not
    exist: {step: (answer for the hidden record, answer for the missing one)}."""
    answers = {}
    missing = case.pk + 10_000

    answers["page"] = []
    for pk in (case.pk, missing):
        response = page.goto(f"{base}/cases/{pk}/")
        answers["page"].append((response.status, without_tokens(response.text())))
    page.screenshot(path=f"{SHOTS}-10-not-found.png", full_page=True)

    answers["api"] = []
    for pk in (case.pk, missing):  # with the browser's session, as a script in the page would call it
        response = page.request.get(f"{base}/api/v1/cases/{pk}/", headers={"Accept": "application/json"})
        answers["api"].append((response.status, response.text()))

    answers["search"] = []
    for words in (HANDLE, UNKNOWN):
        page.goto(f"{base}/")
        open_menu(page)
        page.get_by_label("Search").fill(words)
        page.get_by_label("Search").press("Enter")
        page.wait_for_url("**/search/?q=*")
        answers["search"].append(main_text(page).replace(words, "<words>"))

    # Deconfliction is not offered to a platform (no link); typed in, the page and a posted query are refused.
    page.goto(f"{base}/cases/")
    assert page.get_by_role("link", name="Deconfliction").count() == 0
    refused = page.goto(f"{base}/cases/deconfliction/")
    assert refused.status == 403 and "enforcement agencies" in main_text(page)
    page.screenshot(path=f"{SHOTS}-10-deconfliction.png", full_page=True)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    answers["deconfliction"] = []
    for handle in (HANDLE, UNKNOWN):
        response = page.request.post(
            f"{base}/cases/deconfliction/",
            form={"kind": "handle", "value": handle},
            headers={"X-CSRFToken": csrf, "Referer": f"{base}/cases/deconfliction/"},
        )
        answers["deconfliction"].append((response.status, without_tokens(response.text())))

    open_menu(page)
    page.get_by_role("link", name="Notifications").click()
    page.get_by_role("link", name="What I follow").click()
    page.get_by_label("Follow:", exact=True).select_option(label="Taxon")
    page.get_by_label("Value:").fill("manis temminckii")  # by name, as anyone would type it
    page.get_by_label("Frequency:").select_option(label="In the portal only")
    page.get_by_role("button", name="Follow", exact=True).click()
    assert "You now follow Taxon: Manis temminckii (Temminck's pangolin)" in main_text(page)
    return answers


def test_an_intruder_gets_the_answers_a_missing_record_gets(page, live_server, cast, hidden):
    base = live_server.url
    case, taxon = hidden
    owner = client_for(cast.owner_editor)
    assert owner.get(f"/cases/{case.pk}/").status_code == 200
    assert owner.get(f"/api/v1/cases/{case.pk}/").status_code == 200

    log_in(page, base, INTRUDER)
    answers = try_everything(page, base, case, taxon)

    shown, missing = answers["page"]
    assert shown[0] == missing[0] == 404 and shown == missing
    shown, missing = answers["api"]
    assert shown[0] == missing[0] == 404 and shown == missing
    shown, missing = answers["search"]
    assert "0 results" in shown and shown == missing

    seizures_arrive(cast, case, taxon)
    open_menu(page)
    page.get_by_role("link", name="Notifications").click()
    feed = main_text(page)
    page.screenshot(path=f"{SHOTS}-10-feed.png", full_page=True)
    assert "Mombasa container yard" in feed  # the subscription works ...
    for secret in ("Kilindini", case.title, case.reference, HANDLE):  # ... and lists nothing of the hidden case
        assert secret not in feed

    shown, missing = answers["deconfliction"]
    assert shown[0] == missing[0] == 403 and shown == missing and str(cast.owner_org) not in shown[1]


def test_each_try_of_an_intruder_is_in_the_audit_log(page, new_context, live_server, cast, hidden):
    base = live_server.url
    case, taxon = hidden
    started = timezone.now().replace(microsecond=0)
    log_in(page, base, INTRUDER)
    try_everything(page, base, case, taxon)

    # A portal admin reads the whole log (an organisation admin sees only events of their own organisation).
    UserFactory(email="root@portal.test", is_staff=True, is_superuser=True)
    admin = new_context().new_page()
    log_in(admin, base, "root@portal.test")
    open_org_admin_pages(admin, "root@portal.test")
    with admin.expect_response(f"{base}/audit/") as opened:
        admin.get_by_role("link", name="Audit log").click()
    assert opened.value.status == 200  # it lists the admin's own log-in, an event of no organisation
    admin.goto(f"{base}/audit/?actor={INTRUDER}")  # what the filter form asks for
    admin.screenshot(path=f"{SHOTS}-10-audit.png", full_page=True)
    events = [row.locator("td").all_inner_texts() for row in admin.locator("tbody tr").all()]
    actions = [cells[3] for cells in events]
    assert "login" in actions  # the filter shows the intruder's events, and only theirs
    assert {cells[1] for cells in events} == {INTRUDER}
    for cells in events:
        when = datetime.strptime(cells[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.get_current_timezone())
        assert started <= when <= timezone.now()
    not_found = [cells[6] for cells in events if cells[3] == "access.not_found"]
    for path in (f"/cases/{case.pk}/", f"/api/v1/cases/{case.pk}/"):  # the hidden case, by page and by API
        assert any(f"path {path}" in detail for detail in not_found), (path, not_found)
    assert actions.count("deconflict.refused") == 3  # the page, and the two posted queries
    searched = [cells[6] for cells in events if cells[3] == "search.query"]
    assert any(f"q {HANDLE}" in detail for detail in searched)
    followed = [cells[6] for cells in events if cells[3] == "subscription.create"]
    assert followed == [f"kind taxon value {taxon.pk}"]

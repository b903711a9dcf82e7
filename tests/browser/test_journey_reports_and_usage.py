"""Journeys 6, 7 and 8 through the real pages, with the real PDF renderer.

6: a CITES Management Authority's officer drafts her Party's 2026 submission from what the portal holds, edits the
narrative, builds a TLP:GREEN PDF (her TLP:RED case stays out) and submits it to the Secretariat.
7: an officer of the Secretariat compiles the submitted Party reports of the period into one PDF (Decision 17.92
headings, then the ICCWC partners) and exports the illegal trade report rows of a Party that consented to sharing.
8: a portal admin reads how the portal is used (Action Plan 1.d).
"""

import csv
import datetime
import importlib
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Platform, Seizure
from cases.services import case_create, child_create
from lexicon.models import CitesCode, Taxon
from portal.access.models import TLP, Distribution
from portal.access.services import shareable_create
from portal.audit.models import AuditEvent
from portal.library.models import Document, LegislationEntry
from portal.orgs.models import CitesParty, Role, Sector
from referrals.models import Referral, ReferralState
from reports.services import report_create, report_submit, secretariat_space_name
from tests.browser.helpers import log_in
from tests.factories import CaseFactory, OrganisationFactory, UserFactory, member, space

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "var/test/journey"
YEAR = 2026


def load_parties():
    """The CITES Parties the migration loads: a transactional test before this one emptied the table."""
    importlib.import_module("portal.orgs.migrations.0002_cites_parties").load(apps, None)
    return CitesParty.objects.get(code="KE")


def main_text(page) -> str:
    return page.locator("main").inner_text()


def open_reports(page):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # on narrower windows the menu sits behind the toggler
        toggler.click()
    page.locator("nav").get_by_role("link", name="Reports", exact=True).click()


def download_pdf(page, name) -> tuple[str, Path]:
    """From a build's status page: wait for the build, download the PDF; its text and a PNG of its first pages."""
    page.get_by_role("link", name="Download PDF").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    path = Path(f"{SHOTS}-{name}.pdf")
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(path), str(path.with_suffix(""))])
    return text, path


def taxa(*names):
    """Species from the reference list the migrations load (get, or create again after a transactional test)."""
    return [Taxon.objects.get_or_create(scientific_name=name, defaults={"cites_appendix": "I"})[0] for name in names]


def seizure(actor, case, **data):
    return child_create(actor=actor, model=Seizure, case=case, data={"place": "Port of Mombasa", **data})


# Journey 6 --------------------------------------------------------------------------------------------------

OFFICER = "wanjiru.kamau@kenya-ma.test"
RED_CASE = "Operation Usiku informant network"  # her own TLP:RED case: never in a report to the Secretariat
TREND = "Sellers moved from open marketplaces to closed messaging groups; buyers collect in Mombasa."


@pytest.fixture
def kenya_authority(db):
    """The Kenyan Management Authority, one officer, and what the portal holds about Kenya in 2026."""
    party = load_parties()
    authority = OrganisationFactory(
        name="Kenya CITES Management Authority", acronym="KE-MA", sector=Sector.CITES_AUTHORITY, country="KE"
    )
    officer = member(authority, role=Role.CONTRIBUTOR, email=OFFICER, full_name="Wanjiru Kamau")
    secretariat = OrganisationFactory(name="CITES Secretariat", acronym="CITES", sector=Sector.IGO, country="CH")
    space(secretariat, name=secretariat_space_name())
    green = {"distribution": Distribution.ORGANISATION, "tlp": TLP.GREEN}

    LegislationEntry.bypass_policy.create(
        owner_org=authority, author=officer, party=party, title="Wildlife Conservation and Management Act 2013",
        online_offer_offence="yes", online_offer_offence_reference="Section 92", max_penalties="Life imprisonment",
        **green,
    )  # fmt: skip
    for kind, title, summary in (
        ("legislation", "Wildlife (Amendment) Bill 2026", "makes offering wildlife online an offence"),
        ("best_practice", "Takedown protocol with Sokoni marketplace", "adverts removed within 24 hours"),
    ):
        shareable_create(
            actor=officer, model=Document,
            data={"kind": kind, "title": title, "summary": summary, "publication_date": datetime.date(YEAR, 3, 9),
                  **green},
        )  # fmt: skip

    elephant, rhino = taxa("Loxodonta africana", "Diceros bicornis")
    tusks, _ = CitesCode.objects.get_or_create(kind="term", code="TUS", defaults={"description": "tusks"})
    kilograms, _ = CitesCode.objects.get_or_create(kind="unit", code="KIL", defaults={"description": "kilograms"})
    ivory = case_create(
        actor=officer,
        data={"title": "Ivory offered on Sokoni marketplace", "date_detected": datetime.date(YEAR, 4, 2), **green},
        species=[{"taxon": elephant}],
    )
    seizure(
        officer, ivory, date=datetime.date(YEAR, 4, 14), taxon=elephant, term_code=tusks, quantity=12, unit=kilograms,
        transport_mode="courier", detection_method="online_monitoring",
    )  # fmt: skip
    hidden = case_create(
        actor=officer,
        data={"title": RED_CASE, "date_detected": datetime.date(YEAR, 5, 20), "tlp": TLP.RED,
              "distribution": Distribution.ORGANISATION},
        species=[{"taxon": rhino}],
    )  # fmt: skip
    seizure(officer, hidden, date=datetime.date(YEAR, 5, 21), place="Usiku safe house", taxon=rhino, quantity=3)

    sokoni = Platform.objects.create(name="Sokoni")
    sent = datetime.datetime(YEAR, 6, 1, 9, tzinfo=datetime.UTC)
    for n, hours in enumerate((4, 10, None)):  # removed after 4 and 10 hours (median 7), one still online
        Referral.bypass_policy.create(
            owner_org=authority, author=officer, platform=sokoni, url=f"https://sokoni.example/item/{n}",
            reason="Ivory offered", legal_basis="Section 92", sent_at=sent,
            state=ReferralState.REMOVED if hours else ReferralState.SENT,
            removed_at=sent + datetime.timedelta(hours=hours) if hours else None, **green,
        )  # fmt: skip
    return authority, officer


def test_an_authority_drafts_builds_and_submits_its_party_report(page, live_server, kenya_authority):
    base = live_server.url
    log_in(page, base, OFFICER)  # a CITES authority's member sets up two-factor first
    open_reports(page)
    page.get_by_role("link", name="New Party report").click()
    assert "For the CITES Party: Kenya (the Party of your organisation)" in main_text(page)  # not chosen
    page.get_by_label("Title").fill(f"Kenya: wildlife crime linked to the Internet, {YEAR}")
    page.get_by_label("Period start").fill(f"{YEAR}-01-01")
    page.get_by_label("Period end").fill(f"{YEAR}-12-31")
    page.get_by_label("TLP the report goes out at").select_option(label="TLP:GREEN")
    page.get_by_label("ICCWC").check()
    page.screenshot(path=f"{SHOTS}-6-new.png", full_page=True)
    page.get_by_role("button", name="Save").click()

    body = main_text(page)
    page.screenshot(path=f"{SHOTS}-6-draft.png", full_page=True)
    assert "Draft created from your Party's documents" in body
    assert "- Wildlife (Amendment) Bill 2026 (2026): makes offering wildlife online an offence" in body
    assert "- Takedown protocol with Sokoni marketplace (2026): adverts removed within 24 hours" in body
    assert "Wildlife Conservation and Management Act 2013 (TLP:GREEN)" in body
    assert "3 referrals sent, 2 removed." in body
    assert "Loxodonta africana" in body and "Diceros bicornis" not in body
    assert RED_CASE not in body

    # She rewrites two headings of the narrative and keeps the rest as prefilled.
    page.get_by_role("link", name="Edit").click()
    legislation = page.get_by_label("Changes made to national legislation and other domestic measures")
    legislation.fill(legislation.input_value() + "\nThe Bill passed its second reading in September.")
    page.get_by_label("Trends, including changes in trade routes").fill(TREND)
    page.get_by_role("button", name="Save").click()
    body = main_text(page)
    assert "Saved." in body and TREND in body and "second reading in September" in body

    page.get_by_role("link", name="Build PDF").click()
    page.get_by_role("button", name="Build PDF").click()
    expect(page.locator("#build-status")).to_contain_text("Ready")
    page.screenshot(path=f"{SHOTS}-6-build.png", full_page=True)
    assert "TLP:GREEN" in main_text(page)
    text, _pdf = download_pdf(page, "6-party-report")

    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 5 and all("TLP:GREEN" in p for p in pages)  # every page carries the marking
    headings = ["1. Changes made to national legislation", "2. Websites adhering", "3. Best practice models",
                "4. Results of research", "5. Trends"]  # fmt: skip
    positions = [text.rindex(h) for h in headings]  # after the table of contents
    assert positions == sorted(positions)
    flat = " ".join(text.split())
    assert TREND in flat and "second reading in September" in flat
    assert "Takedown protocol with Sokoni marketplace" in flat  # the best practice, in narrative and table
    assert "Wildlife Conservation and Management Act 2013 (TLP:GREEN)" in flat  # the legislation matrix
    assert "Yes Section 92" in flat and "Maximum penalties Life imprisonment" in flat
    assert "Cases by taxon" in flat and "Seizures by month" in flat  # charts, each with its table
    assert "2026-04-14 Loxodonta africana TUS 12.000 KIL courier online monitoring TLP:GREEN" in flat  # a seizure
    assert "3 referrals sent to platforms, 2 removed. Median time to removal (hours): 7.0" in flat
    for secret in (RED_CASE, "Diceros bicornis", "Usiku"):  # nothing of the TLP:RED case, not even its species
        assert secret not in flat

    # She submits: the report is frozen and goes to the Secretariat at TLP:GREEN.
    page.goto(f"{base}/reports/")
    page.get_by_role("link", name=f"Kenya: wildlife crime linked to the Internet, {YEAR}").click()
    page.get_by_role("link", name="Submit to the Secretariat").click()
    assert "It goes out at TLP:GREEN" in main_text(page)
    page.get_by_role("button", name="Submit").click()
    body = main_text(page)
    page.screenshot(path=f"{SHOTS}-6-submitted.png")
    assert "Submitted to the Secretariat." in body
    expect(page.locator(".badge", has_text="Submitted to the Secretariat")).to_be_visible()
    assert page.get_by_role("link", name="Edit").count() == 0
    assert page.get_by_role("link", name="Download PDF").count() == 1


# Journey 7 --------------------------------------------------------------------------------------------------

SECRETARIAT = "marco.rossi@cites.test"
KENYA_LAW = "The Wildlife (Amendment) Bill 2026 makes offering wildlife online an offence."
TANZANIA_TREND = "Pangolin scales now ship as courier parcels labelled as herbal medicine."
PARTNER_NOTE = "INTERPOL: a training course on online investigations for East African officers."
UGANDA_DRAFT = "Draft text not yet cleared for release."


def authority(country, name, email):
    org = OrganisationFactory(name=name, acronym=f"{country}-MA", sector=Sector.CITES_AUTHORITY, country=country)
    return org, member(org, role=Role.CONTRIBUTOR, email=email)


def party_report(actor, party_code, *, submit=True, **data):
    report = report_create(
        actor=actor,
        data={"title": f"{party_code} submission {YEAR}",
              "period_start": datetime.date(YEAR, 1, 1), "period_end": datetime.date(YEAR, 12, 31),
              "distribution": Distribution.ORGANISATION, "tlp": TLP.GREEN, **data},
    )  # fmt: skip
    return report_submit(actor=actor, report=report) if submit else report


@pytest.fixture
def submissions(db):
    """Kenya (consents to ICCWC sharing) and Tanzania (does not) have submitted, an ICCWC partner too; Uganda's
    report is still a draft, open to every vetted member. Kenya and Tanzania share seizures with the Secretariat."""
    load_parties()
    secretariat = OrganisationFactory(name="CITES Secretariat", acronym="CITES", sector=Sector.IGO, country="CH")
    member(secretariat, role=Role.CONTRIBUTOR, email=SECRETARIAT, full_name="Marco Rossi")
    space(secretariat, name=secretariat_space_name())
    kenya, kenya_officer = authority("KE", "Kenya CITES Management Authority", "officer@kenya-ma.test")
    tanzania, tanzania_officer = authority("TZ", "Tanzania CITES Management Authority", "officer@tanzania-ma.test")
    _uganda, uganda_officer = authority("UG", "Uganda CITES Management Authority", "officer@uganda-ma.test")
    interpol = OrganisationFactory(name="INTERPOL", sector=Sector.IGO, country="FR")
    interpol_analyst = member(interpol, role=Role.CONTRIBUTOR, email="analyst@interpol.test")

    party_report(kenya_officer, "KE", legislation=KENYA_LAW, share_with_iccwc=True)
    party_report(tanzania_officer, "TZ", trends=TANZANIA_TREND, share_with_iccwc=False)
    party_report(interpol_analyst, "FR", research=PARTNER_NOTE)
    party_report(uganda_officer, "UG", submit=False, legislation=UGANDA_DRAFT, distribution=Distribution.COMMUNITY)

    room = space(secretariat, kenya, tanzania, name="CITES authorities and the Secretariat")
    (pangolin,) = taxa("Smutsia temminckii")
    shared = {"distribution": Distribution.SPACES, "tlp": TLP.GREEN}
    for officer, places in ((kenya_officer, ("JKIA cargo terminal", "Namanga border post")),
                            (tanzania_officer, ("Dar es Salaam port",))):  # fmt: skip
        case = case_create(actor=officer, data={"title": "Pangolin scales by courier", **shared}, spaces=[room])
        for day, place in enumerate(places, start=1):
            seizure(officer, case, place=place, date=datetime.date(YEAR, 3, day), taxon=pangolin, quantity=2)
    seizure(kenya_officer, case_create(actor=kenya_officer, data={"title": "Old case", **shared}, spaces=[room]),
            place="Malaba 2025", date=datetime.date(YEAR - 1, 8, 1), taxon=pangolin)  # fmt: skip
    return CitesParty.objects.get(code="TZ").name


def trade_report(page, party, name) -> list[dict]:
    """The illegal trade report rows of a Party (None: every consenting Party) for the year, downloaded as CSV."""
    page.get_by_role("link", name="Illegal trade report").click()
    if party is None:
        page.get_by_label("or every Party that consented").check()
    else:
        page.get_by_label("CITES Party").select_option(label=party)
    page.get_by_label("year (empty: every year)").fill(str(YEAR))
    page.get_by_label("Format").select_option(label="CSV")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    path = Path(f"{SHOTS}-{name}.csv")
    download.value.save_as(path)
    with path.open(encoding="utf-8") as rows:
        assert rows.readline().startswith("TLP:")  # the file's marking comes first, then the report's columns
        return list(csv.DictReader(rows))


def test_the_secretariat_compiles_the_submissions_and_exports_consenting_parties(page, live_server, submissions):
    base = live_server.url
    tanzania = submissions
    log_in(page, base, SECRETARIAT)  # an IGO member sets up two-factor first
    open_reports(page)
    page.get_by_role("link", name="Compilation").click()
    page.get_by_label("from", exact=True).fill(f"{YEAR}-01-01")
    page.get_by_label("to", exact=True).fill(f"{YEAR}-12-31")
    page.get_by_role("button", name="Show reports").click()
    page.screenshot(path=f"{SHOTS}-7-compilation.png", full_page=True)
    rows = {row.locator("td").first.inner_text(): (row.locator("td").nth(2).inner_text(),
                                                  row.locator("td").nth(3).inner_text())
            for row in page.locator("tbody tr").all()}  # fmt: skip
    assert rows == {  # each report with the organisation that wrote it
        f"KE submission {YEAR}": ("Kenya CITES Management Authority", "Submitted to the Secretariat"),
        f"TZ submission {YEAR}": ("Tanzania CITES Management Authority", "Submitted to the Secretariat"),
        f"FR submission {YEAR}": ("INTERPOL", "Submitted to the Secretariat"),
        f"UG submission {YEAR}": ("Uganda CITES Management Authority", "Draft (not included)"),
    }

    page.get_by_role("button", name="Build the compilation PDF").click()
    expect(page.locator("#build-status")).to_contain_text("Ready")
    text, _pdf = download_pdf(page, "7-compilation")
    flat = " ".join(text.split())
    assert f"Parties that responded include: Kenya, {tanzania}." in flat
    headings = ["a) Changes made to national legislation", "b) Websites adhering", "c) Best practice models",
                "d) Results of research", "e) Trends", "Information provided by International Consortium"]  # fmt: skip
    positions = [flat.rindex(h) for h in headings]  # after the table of contents
    assert positions == sorted(positions)
    kenya_entry = f"Kenya (submitted by Kenya CITES Management Authority): {KENYA_LAW}"
    assert positions[0] < flat.index(kenya_entry) < positions[1]  # under its heading, with the Party and its author
    tanzania_entry = f"{tanzania} (submitted by Tanzania CITES Management Authority): {TANZANIA_TREND}"
    assert positions[4] < flat.index(tanzania_entry) < positions[5]
    assert positions[5] < flat.index(f"INTERPOL — Results of research: {PARTNER_NOTE}")
    assert UGANDA_DRAFT not in flat and "Uganda" not in flat  # the draft stays out

    # Kenya's report says it consents to sharing with ICCWC partners, Tanzania's does not.
    page.goto(f"{base}/reports/")
    page.get_by_role("link", name=f"KE submission {YEAR}").click()
    assert "The Party consents to sharing its illegal trade data with ICCWC partners." in main_text(page)
    page.get_by_role("link", name="Party reports").click()
    page.get_by_role("link", name=f"TZ submission {YEAR}").click()
    assert "No consent to sharing with ICCWC partners." in main_text(page)

    kenya_rows = trade_report(page, "Kenya", "7-trade-report-KE")
    page.screenshot(path=f"{SHOTS}-7-trade-report.png", full_page=True)
    assert [(r["Reporting Party"], r["Location of seizure"], r["Date of seizure"]) for r in kenya_rows] == [
        ("Kenya", "JKIA cargo terminal", f"{YEAR}-03-01"),
        ("Kenya", "Namanga border post", f"{YEAR}-03-02"),
    ]  # the year's seizures of Kenya only: not Tanzania's, not last year's
    assert {r["Consent to share with ICCWC"] for r in kenya_rows} == {"yes"}
    assert {r["Species (scientific name)"] for r in kenya_rows} == {"Smutsia temminckii"}
    tanzania_rows = trade_report(page, tanzania, "7-trade-report-TZ")
    assert [r["Location of seizure"] for r in tanzania_rows] == ["Dar es Salaam port"]
    assert {r["Consent to share with ICCWC"] for r in tanzania_rows} == {"no"}  # not to be passed on
    # In one file: the rows of every Party that consented, Kenya's, and none of Tanzania's.
    consenting = trade_report(page, None, "7-trade-report-ICCWC")
    assert [(r["Reporting Party"], r["Location of seizure"]) for r in consenting] == [
        ("Kenya", "JKIA cargo terminal"),
        ("Kenya", "Namanga border post"),
    ]


# Journey 8 --------------------------------------------------------------------------------------------------

COORDINATOR = "coordinator@portal.test"


@pytest.fixture
def activity(db):
    """A month of use: enforcement agencies share cases and read them, an NGO reads; the platforms answer
    referrals; one space is busy and one quiet. Last month, one agency shared one case."""
    kws = OrganisationFactory(name="Kenya Wildlife Service", acronym="KWS", sector=Sector.ENFORCEMENT, country="KE")
    police = OrganisationFactory(name="Tanzania Police", acronym="TPF", sector=Sector.ENFORCEMENT, country="TZ")
    ngo = OrganisationFactory(name="Wild Watch", acronym="WW", sector=Sector.NGO, country="KE")
    member(OrganisationFactory(name="Sokoni", sector=Sector.PLATFORM), email="trust@sokoni.test")
    ranger = member(kws, role=Role.CONTRIBUTOR, email="ranger@kws.test")
    member(police, role=Role.READER, email="inspector@police.test")
    member(ngo, role=Role.READER, email="researcher@wildwatch.test")
    task_force = space(kws, police, name="Ivory task force")
    space(kws, ngo, name="Pangolin working group")  # nothing shared, nobody active: quiet

    # Last month's case: the log is append-only (PostgreSQL refuses an UPDATE of it), so its event is written
    # with that date (a raw save keeps the given time instead of now).
    earlier = CaseFactory(owner_org=kws, marker="Horn sold by courier")
    AuditEvent(
        actor=ranger, organisation=kws, action="record.create", object_type="cases.case", object_id=str(earlier.pk),
        at=timezone.now().replace(day=1) - datetime.timedelta(days=5),  # in the month before this one
    ).save_base(raw=True)  # fmt: skip
    case_create(
        actor=ranger, data={"title": "Ivory bangles on Sokoni", "distribution": Distribution.COMMUNITY,
                            "tlp": TLP.GREEN},
    )  # fmt: skip
    case_create(
        actor=ranger, data={"title": "Tusk smuggling route", "distribution": Distribution.SPACES},
        spaces=[task_force],
    )  # fmt: skip

    sent = timezone.now() - datetime.timedelta(days=3)
    for platform, hours in (("Sokoni", 2), ("Sokoni", 6), ("Sokoni", 40), ("Soko Huru", 30)):
        Referral.bypass_policy.create(
            owner_org=kws, author=ranger, platform=Platform.objects.get_or_create(name=platform)[0],
            url="https://sokoni.example/item/1", reason="Ivory offered", legal_basis="Section 92", sent_at=sent,
            state=ReferralState.REMOVED, removed_at=sent + datetime.timedelta(hours=hours),
        )  # fmt: skip


def read_case(page, base, email, title):
    log_in(page, base, email)
    page.locator("nav").get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name=title).click()
    assert title in main_text(page)
    page.context.clear_cookies()


def test_a_coordinator_sees_how_the_portal_is_used(page, live_server, activity):
    base = live_server.url
    read_case(page, base, "inspector@police.test", "Ivory bangles on Sokoni")
    read_case(page, base, "researcher@wildwatch.test", "Ivory bangles on Sokoni")

    UserFactory(email=COORDINATOR, is_staff=True, is_superuser=True)
    log_in(page, base, COORDINATOR)
    page.locator("nav").get_by_role("link", name="Usage").click()  # in the menu of a portal admin
    page.screenshot(path=f"{SHOTS}-8-usage.png", full_page=True)
    this_month = timezone.localdate().strftime("%Y-%m")
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    table = {tuple(cells[:2]): cells[2:] for cells in
             (row.locator("td").all_inner_texts() for row in page.locator("#usage-by-month tbody tr").all())}  # fmt: skip
    assert table == {
        # month, sector: uploads, views, active organisations
        (this_month, "Enforcement"): ["2", "1", "2"],  # KWS shared two cases, the police read one
        (this_month, "NGO"): ["0", "1", "1"],
        (last_month, "Enforcement"): ["1", "0", "1"],
    }  # the platform, which did nothing in the portal, has no row

    removal = page.locator("#removal-times")
    assert "6.0" in removal.get_by_role("row").filter(has_text="Sokoni").first.inner_text()  # of 2, 6 and 40 hours
    assert "30.0" in removal.get_by_role("row").filter(has_text="Soko Huru").first.inner_text()
    quiet = page.locator("#quiet-spaces").inner_text()
    assert "Pangolin working group" in quiet and "Ivory task force" not in quiet

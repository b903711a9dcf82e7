"""Journeys 4 and 5 walked in the browser: a platform's trust-and-safety lead works his referral queue (pages
and API token) and takes the releasable lexicon; a volunteer reports an advert that the scheme's coordinator
links to one already known, and the platform never learns who reported it."""

import csv
import io
import json
import re
import struct
import zlib
from pathlib import Path

import pytest

from cases.models import Advert, AdvertStatus
from portal.access.models import PAP, TLP, Distribution
from portal.orgs.models import Role, Sector
from referrals.models import Referral, ReferralState, ReportStatus, VolunteerReport
from referrals.services import referral_create, report_submit, report_to_referral
from tests.browser.helpers import log_in, log_out
from tests.factories import (
    AdvertFactory,
    CaseFactory,
    CodeWordFactory,
    OrganisationFactory,
    PlatformFactory,
    ReferralFactory,
    member,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLATFORM_LEAD = "trust@platform.test"
COORDINATOR = "member@space.test"
SPOTTER = "spotter@space.test"
SPOTTER_NAME = "Amina Spotter-v5n"

CASE_MARK = "CASE-TITLE-j4c1"
TEXT_MARK = "ADVERT-TEXT-j4t2"
SELLER_MARK = "SELLER-HANDLE-j4s3"
OTHER_PLATFORM_MARK = "CHAT-REFERRAL-j4o4"
REPORT_TEXT = "Two grey parrot chicks, cash only"
SHARE_ID = "AmIn4-share-id"  # what a platform's app puts in a share link to tell whose share it was


def open_menu(page):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # on narrower windows the menu sits behind the toggler
        toggler.click()


def go_to(page, link):
    open_menu(page)
    page.get_by_role("link", name=link, exact=True).first.click()
    page.wait_for_load_state()


def main_text(page) -> str:
    return page.locator("main").inner_text()


def queue_state(page, listing: str) -> str:
    """The State cell of the queue row of this listing."""
    return page.locator("tr", has_text=listing).locator("td").nth(5).inner_text().strip()


def detail(page, term: str):
    """The value next to a term of a record page's description list."""
    return page.locator(f"main dt:text-is('{term}') + dd")


def png_bytes() -> bytes:
    """A valid 1x1 green PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\x99\x33")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


# --- Journey 4: the platform's referral queue ------------------------------------------------------------


@pytest.fixture
def queue(cast):
    """Three referrals to the lead's platform from one case, one to another platform, two code words."""
    hub = PlatformFactory(organisation=cast.platform_org, name="Hub Market")
    chat = PlatformFactory(organisation=OrganisationFactory(name="Chat Org", sector=Sector.PLATFORM), name="Chat")
    case = CaseFactory(owner_org=cast.owner_org, marker=CASE_MARK, pap=PAP.GREEN)
    referrals = {}
    for listing, reason, action in (
        ("H-101", "Ivory carvings offered for sale", "remove"),
        ("H-102", "Live pangolin offered for sale", "remove"),
        ("H-103", "Rhino horn powder advertised", "preserve"),
    ):
        advert = AdvertFactory(
            owner_org=cast.owner_org,
            marker=f"advert {listing}",
            case=case,
            platform=hub,
            url=f"https://hub.example/item/{listing}",
            listing_id=listing,
            text=TEXT_MARK,
            seller_handle=SELLER_MARK,
            pap=PAP.GREEN,
        )
        data = {"reason": reason, "legal_basis": "WCMA s. 92", "requested_action": action, "tlp": TLP.AMBER}
        (referrals[listing],) = referral_create(actor=cast.owner_editor, adverts=[advert], data=data)
    referrals["chat"] = ReferralFactory(owner_org=cast.owner_org, marker=OTHER_PLATFORM_MARK, platform=chat)
    community = {"owner_org": cast.owner_org, "distribution": Distribution.COMMUNITY, "tlp": TLP.GREEN}
    words = {
        "releasable": CodeWordFactory(marker="ivory (releasable)", term="whitegoldj4", releasable=True, **community),
        "kept": CodeWordFactory(marker="rhino horn (kept)", term="bluepowderj4", releasable=False, **community),
    }
    return {"hub": hub, "case": case, "referrals": referrals, "words": words}


def test_platform_lead_works_his_queue_in_the_page_and_through_the_api(page, live_server, playwright, cast, queue):
    base = live_server.url
    referrals = queue["referrals"]
    # What must never reach the platform is really there, in the case behind the referrals.
    assert Advert.bypass_policy.filter(case=queue["case"], text=TEXT_MARK, seller_handle=SELLER_MARK).count() == 3
    assert queue["case"].title == CASE_MARK and referrals["H-101"].author == cast.owner_editor
    assert referrals["chat"].reason == OTHER_PLATFORM_MARK

    log_in(page, base, PLATFORM_LEAD)
    go_to(page, "Referral queue")
    body = main_text(page)
    page.screenshot(path="var/test/journey4-queue.png", full_page=True)
    for listing, referral in referrals.items():
        if listing == "chat":
            continue
        assert referral.url in body and listing in body and referral.reason in body
    assert "remove the listing" in body and "preserve evidence" in body and "Owner Agency" in body
    for hidden in (CASE_MARK, TEXT_MARK, SELLER_MARK, queue["case"].reference, cast.owner_editor.email):
        assert hidden not in body
    assert OTHER_PLATFORM_MARK not in body and referrals["chat"].url not in body
    assert page.goto(f"{base}/referrals/queue/{referrals['chat'].pk}/").status == 404
    page.go_back()

    # He removes H-101 on his side and answers in the page.
    page.locator("tr", has_text="H-101").get_by_role("link", name="Answer").click()
    assert "Ivory carvings offered for sale" in main_text(page) and CASE_MARK not in main_text(page)
    page.get_by_label("Answer").select_option("removed")
    page.get_by_label("Note").fill("Listing taken down, seller warned")
    page.get_by_role("button", name="Save answer").click()
    page.wait_for_url(f"{base}/referrals/queue/")
    assert "Answer recorded." in main_text(page)
    assert (queue_state(page, "H-101"), queue_state(page, "H-102")) == ("removed", "sent")
    page.screenshot(path="var/test/journey4-answered.png", full_page=True)
    answered = Referral.bypass_policy.get(pk=referrals["H-101"].pk)
    assert answered.state == ReferralState.REMOVED and answered.platform_note == "Listing taken down, seller warned"
    assert Advert.bypass_policy.get(pk=answered.advert_id).status == AdvertStatus.REMOVED

    # He makes a token on his profile for his own tooling; it is shown once.
    open_menu(page)
    page.get_by_role("link", name=re.compile(PLATFORM_LEAD)).click()
    page.get_by_label("Name").fill("Takedown tool")
    page.get_by_label("Valid for (days)").fill("30")
    page.get_by_role("button", name="Create token").click()
    assert "Copy this token now" in main_text(page)
    raw = page.locator("main code").first.inner_text().strip()
    page.screenshot(path="var/test/journey4-token.png", full_page=True)
    assert len(raw) > 20

    # His tooling holds no session: the token alone opens the queue, and only his platform's rows.
    anonymous = playwright.request.new_context(base_url=base)
    tool = playwright.request.new_context(base_url=base, extra_http_headers={"Authorization": f"Bearer {raw}"})
    try:
        assert anonymous.get("/api/v1/referral-queue/").status in (401, 403)
        listed = tool.get("/api/v1/referral-queue/")
        assert listed.status == 200
        text = listed.text()
        rows = {row["listing_id"]: row for row in json.loads(text)["results"]}
        assert set(rows) == {"H-101", "H-102", "H-103"}
        assert rows["H-102"]["reason"] == "Live pangolin offered for sale" and rows["H-102"]["state"] == "sent"
        for hidden in (CASE_MARK, TEXT_MARK, SELLER_MARK, OTHER_PLATFORM_MARK, cast.owner_editor.email):
            assert hidden not in text
        answer = {"state": "removed", "note": "Removed by our moderation tool"}
        response = tool.post(f"/api/v1/referral-queue/{rows['H-102']['id']}/answer/", data=answer)
        assert response.status == 200 and response.json()["state"] == "removed"
        assert tool.post(f"/api/v1/referral-queue/{referrals['chat'].pk}/answer/", data=answer).status == 404
    finally:
        tool.dispose()
        anonymous.dispose()
    assert Referral.bypass_policy.get(pk=referrals["H-102"].pk).state == ReferralState.REMOVED
    assert Referral.bypass_policy.get(pk=referrals["chat"].pk).state == ReferralState.SENT

    go_to(page, "Referral queue")
    assert [queue_state(page, listing) for listing in ("H-101", "H-102", "H-103")] == ["removed", "removed", "sent"]

    # He takes the code words his filters may use: only those marked releasable to platforms.
    words = queue["words"]
    assert not words["kept"].releasable and words["releasable"].releasable
    go_to(page, "Lexicon")
    body = main_text(page)
    assert words["releasable"].term in body and words["kept"].term not in body
    page.screenshot(path="var/test/journey4-lexicon.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("# TLP:GREEN")
    exported = list(csv.DictReader(io.StringIO(content.split("\n", 1)[1])))
    assert [row["term"] for row in exported] == [words["releasable"].term]
    assert exported[0]["releasable"] == "True" and words["kept"].gloss not in content
    with page.expect_download() as download:
        page.get_by_role("link", name="Export JSON").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["releasable_only"] is True
    assert [word["term"] for word in document["code_words"]] == [words["releasable"].term]


# --- Journey 5: a volunteer's report, triaged as a duplicate of a known advert ------------------------------


@pytest.fixture
def scheme(cast):
    """A volunteer of the NGO's scheme and an advert on the platform the NGO already knows, and another."""
    volunteer = member(cast.space_org, role=Role.VOLUNTEER, email=SPOTTER, full_name=SPOTTER_NAME)
    hub = PlatformFactory(organisation=cast.platform_org, name="Hub Market")
    community = {"distribution": Distribution.COMMUNITY, "tlp": TLP.GREEN, "pap": PAP.GREEN, "platform": hub}
    known = AdvertFactory(
        owner_org=cast.owner_org,
        marker="Grey parrot chicks, Mombasa",
        url="https://www.hub.example/item/555/?utm_source=feed",
        listing_id="H-555",
        **community,
    )
    other = AdvertFactory(
        owner_org=cast.owner_org, marker="Tortoise shells, Nairobi", url="https://hub.example/item/556", **community
    )
    return {"volunteer": volunteer, "hub": hub, "known": known, "other": other}


def test_volunteer_report_is_linked_to_a_known_advert_and_never_named_to_the_platform(page, live_server, cast, scheme):
    base = live_server.url
    known, other = scheme["known"], scheme["other"]

    # The spotter reports the advert, with a screenshot.
    log_in(page, base, SPOTTER)
    go_to(page, "Reports from spotters")
    page.get_by_role("link", name="Report an advert").click()
    page.get_by_label("Address of the advert").fill("https://hub.example/item/555?utm_medium=social")
    page.get_by_label("Platform").select_option(label="Hub Market")
    page.get_by_label("Listing id").fill("H-555")
    page.get_by_label("Text of the advert").fill(REPORT_TEXT)
    page.get_by_label("Screenshot").set_input_files(
        {"name": "shot.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/referrals/reports/\d+/$"))
    body = main_text(page)
    assert "Thank you for your report." in body and REPORT_TEXT in body
    assert "Adverts already known" not in body and known.title not in body  # the cases stay with the staff
    page.screenshot(path="var/test/journey5-reported.png", full_page=True)
    report = VolunteerReport.bypass_policy.get()
    assert report.reporter == scheme["volunteer"] and report.reporter_name == SPOTTER_NAME
    assert report.platform == scheme["hub"] and report.listing_id == "H-555"
    assert report.screenshot_type == "image/png" and report.status == ReportStatus.NEW
    report_url = f"{base}{report.get_absolute_url()}"
    log_out(page, base)

    # The coordinator finds it in the scheme's queue and sees who reported it and the screenshot.
    log_in(page, base, COORDINATOR)
    go_to(page, "Reports from spotters")
    page.get_by_role("link", name=REPORT_TEXT).click()
    page.wait_for_url(report_url)
    assert SPOTTER_NAME in detail(page, "Reported by").inner_text()
    assert detail(page, "Status").inner_text() == "new" and detail(page, "Advert").count() == 0
    shot = page.request.get(f"{report_url}screenshot/")
    assert shot.status == 200 and shot.headers["content-type"] == "image/png" and shot.body() == png_bytes()

    # Among the adverts already known for this listing, she links the one it duplicates.
    known_section = page.locator("table", has=page.get_by_role("button", name="Link as duplicate"))
    assert page.get_by_role("heading", name="Adverts already known for this listing").is_visible()
    assert known.title in known_section.inner_text() and other.title not in main_text(page)
    page.screenshot(path="var/test/journey5-triage.png", full_page=True)
    known_section.locator("tr", has_text=known.title).get_by_role("button", name="Link as duplicate").click()
    page.wait_for_load_state()
    body = main_text(page)
    assert "Linked to the known advert." in body and detail(page, "Status").inner_text() == "duplicate"
    assert detail(page, "Advert").inner_text() == f"{known.title} · case {known.case.reference}"
    assert page.locator("tr", has_text=known.title).get_by_text("linked", exact=True).is_visible()
    page.screenshot(path="var/test/journey5-linked.png", full_page=True)
    report.refresh_from_db()
    assert (report.status, report.advert_id) == (ReportStatus.DUPLICATE, known.pk)

    # She refers the listing to the platform from the report.
    page.get_by_label("Reason").fill("Grey parrots (CITES Appendix I) offered without permits")
    page.get_by_label("Legal basis").fill("WCMA s. 92")
    page.get_by_label("Requested action").select_option("remove")
    page.get_by_role("button", name="Send referral").click()
    page.wait_for_url(re.compile(r"/referrals/\d+/$"))
    referral = Referral.bypass_policy.get(report=report)
    assert referral.platform == scheme["hub"]
    log_out(page, base)

    # The platform's lead cannot open the report, and his queue names neither the spotter nor her text.
    log_in(page, base, PLATFORM_LEAD)
    assert page.goto(report_url).status == 404
    assert page.goto(f"{report_url}screenshot/").status == 404
    page.goto(f"{base}/")  # Django's bare "Not Found" page has no menu
    go_to(page, "Referral queue")
    body = main_text(page)
    page.screenshot(path="var/test/journey5-platform-queue.png", full_page=True)
    assert "hub.example/item/555" in body and "Grey parrots (CITES Appendix I)" in body
    for hidden in (SPOTTER_NAME, SPOTTER, REPORT_TEXT, known.title, known.case.reference):
        assert hidden not in body
    answer = page.goto(f"{base}/referrals/queue/{referral.pk}/")
    assert answer.status == 200 and SPOTTER_NAME not in main_text(page) and REPORT_TEXT not in main_text(page)


def test_the_spotters_share_link_parameters_never_reach_the_platform(page, live_server, cast, scheme):
    """A spotter pastes the listing's share link from the platform's app; the referral must not carry its id."""
    report = report_submit(
        actor=scheme["volunteer"],
        data={"url": f"https://hub.example/item/777?igshid={SHARE_ID}", "platform": scheme["hub"]},
    )
    data = {"reason": "Pangolin scales", "legal_basis": "WCMA s. 92", "requested_action": "remove", "tlp": TLP.AMBER}
    referral = report_to_referral(actor=cast.space_member, report=report, data=data)
    assert referral.report_id == report.pk and SHARE_ID in report.url
    log_in(page, live_server.url, PLATFORM_LEAD)
    go_to(page, "Referral queue")
    body = main_text(page)
    assert "hub.example/item/777" in body
    assert SHARE_ID not in body

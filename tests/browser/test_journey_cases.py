"""Two journeys through the case pages in a real browser, one person per browser context.

An analyst logs a case with adverts, species and screenshots and shares it with the task force space: a colleague
in the space sees it, an NGO outside the space gets nothing. An officer abroad asks who holds a phone number,
learns only the organisation, and its single point of contact shares the case with him by name.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cases.identifiers import index_identifiers
from cases.models import Advert, AdvertCodeWordHit, Case, Evidence, Identifier
from lexicon.models import CitesCode, Taxon
from lexicon.reference import load_reference_data
from portal.orgs.models import Sector
from tests.browser.helpers import PASSWORD, fresh_code, log_in
from tests.factories import CaseFactory, CodeWordFactory, OrganisationFactory, PersonFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE_TITLE = "Pangolin scales sold through Sokoni marketplace"
CODE_WORD = "artichoke"  # traders' word for pangolin scales, in the lexicon before the case is logged
FLAGGED = {
    "url": "https://sokoni.example/listing/88121",
    "title": "Genuine flakes, 4 kg, Mombasa pick-up",
    "text": f"Dried {CODE_WORD} flakes, 4 kg ready. WhatsApp only, buyer collects in Mombasa.",
    "seller_handle": "flakes_dealer_ke",
}
PLAIN = {
    "url": "https://sokoni.example/listing/88342",
    "title": "Traditional medicine stock, bulk price",
    "text": "Dried herbal stock, bulk discount, DM for the price.",
    "seller_handle": "herbal.bulk",
}


def sign_in_with_code(page, base, email, secret):
    """Password, then the six-digit code of the authenticator app set up earlier."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/accounts/two-factor/")
    page.get_by_label("Code").fill(fresh_code(secret))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def open_menu(page, name):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # on narrower windows the menu sits behind the toggler
        toggler.click()
    page.locator("nav").get_by_role("link", name=name, exact=True).click()


def main_text(page) -> str:
    return page.locator("main").inner_text()


def listing_screenshot(context, advert) -> bytes:
    """A PNG of the listing as the analyst captured it from the marketplace."""
    shot = context.new_page()
    shot.set_viewport_size({"width": 480, "height": 240})
    shot.set_content(f"<h1>{advert['title']}</h1><p>{advert['text']}</p><p>Seller: {advert['seller_handle']}</p>")
    png = shot.screenshot()
    shot.close()
    return png


def fill_advert(page, n, advert):
    for name, value in advert.items():
        page.locator(f"#id_adverts-{n}-{name}").fill(value)


def attach_screenshot(page, advert, png):
    page.get_by_role("heading", name="Evidence").get_by_role("link").click()
    page.get_by_label("Description").fill(f"Screenshot of {advert['url']}")
    page.get_by_label("File").set_input_files(
        files=[{"name": advert["url"].rsplit("/", 1)[-1] + ".png", "mimeType": "image/png", "buffer": png}]
    )
    page.get_by_role("button", name="Save").click()
    assert "Saved." in main_text(page)
    page.get_by_role("link", name=CASE_TITLE).click()


def test_analyst_logs_a_case_that_only_the_task_force_sees(page, live_server, new_context, cast):
    base = live_server.url
    load_reference_data(Taxon, CitesCode)  # a transactional test before this one emptied the migration's rows
    CodeWordFactory(owner_org=cast.owner_org, marker="pangolin scales", term=CODE_WORD, author=cast.owner_editor)
    secret = generate_totp_secret()
    TOTP.activate(cast.owner_editor, secret)  # the analyst set up her phone's authenticator earlier

    sign_in_with_code(page, base, "editor@owner.test", secret)
    open_menu(page, "Cases")
    page.get_by_role("link", name="New case").click()
    page.locator("#id_title").fill(CASE_TITLE)
    page.locator("#id_summary").fill("Seller offers scales in kilogram lots; undercover purchase under way.")
    page.locator("#id_country").select_option("KE")
    page.get_by_label("Distribution").select_option(label="Selected spaces")
    page.get_by_label("Task force").check()
    page.get_by_label("TLP", exact=True).select_option(label="TLP:AMBER")
    page.get_by_label("PAP", exact=True).select_option(label="PAP:RED")
    page.locator("#id_species-0-taxon").select_option(label="Manis javanica (Sunda pangolin)")
    page.locator("#id_species-0-term_code").select_option(label="SCA (scales)")
    page.locator("#id_species-0-unit").select_option(label="KIL (kilograms)")
    page.locator("#id_species-0-quantity").fill("4")
    fill_advert(page, 0, FLAGGED)
    fill_advert(page, 1, PLAIN)
    page.screenshot(path="var/test/journey-cases-new-case.png", full_page=True)
    page.get_by_role("button", name="Save").click()

    case = Case.bypass_policy.get(title=CASE_TITLE)
    page.wait_for_url(f"{base}{case.get_absolute_url()}")
    body = main_text(page)
    assert "Saved." in body
    assert f"{case.reference} · {CASE_TITLE}" in body
    assert "TLP:AMBER" in body and "PAP:RED" in body and "Selected spaces" in body
    assert "Manis javanica (Sunda pangolin) SCA 4.000 KIL" in body
    # The scanner flagged the code word in one advert, not in the other.
    assert page.locator("tr", has_text=FLAGGED["title"]).locator("td").nth(5).inner_text().strip() == CODE_WORD
    assert CODE_WORD not in page.locator("tr", has_text=PLAIN["title"]).inner_text()

    for advert in (FLAGGED, PLAIN):
        attach_screenshot(page, advert, listing_screenshot(page.context, advert))
    evidence = page.get_by_role("heading", name="Evidence").locator("xpath=following-sibling::table[1]")
    assert "88121.png" in evidence.inner_text() and "88342.png" in evidence.inner_text()
    page.screenshot(path="var/test/journey-cases-analyst.png", full_page=True)

    # A colleague in the space (an NGO member of it) finds the case in the list, redacted for her sector.
    flagged = Advert.bypass_policy.get(case=case, title=FLAGGED["title"])
    assert AdvertCodeWordHit.objects.filter(advert=flagged, code_word__term=CODE_WORD).exists()
    colleague = new_context().new_page()
    log_in(colleague, base, "member@space.test")
    open_menu(colleague, "Cases")
    colleague.get_by_role("link", name=CASE_TITLE).click()
    body = main_text(colleague)
    assert FLAGGED["title"] in body and PLAIN["title"] in body
    assert "Screenshot of " + FLAGGED["url"] in body
    assert "Manis javanica (Sunda pangolin) SCA 4.000 KIL" in body
    assert FLAGGED["seller_handle"] not in body and "[redacted]" in body
    # The code word is her organisation's own: the hit stays hidden from the space.
    assert CODE_WORD not in colleague.locator("tr", has_text=FLAGGED["title"]).inner_text()
    colleague.screenshot(path="var/test/journey-cases-space-colleague.png", full_page=True)

    # NGO researchers outside the space: no row, and every address of the case answers like a missing one.
    outside = new_context().new_page()
    log_in(outside, base, member(OrganisationFactory(name="Wild Watch", sector=Sector.NGO)).email)
    open_menu(outside, "Cases")
    assert CASE_TITLE not in main_text(outside) and "No cases you can see." in main_text(outside)
    outside.screenshot(path="var/test/journey-cases-ngo-outside.png", full_page=True)
    assert outside.goto(f"{base}{case.get_absolute_url()}").status == 404
    assert outside.goto(f"{base}{flagged.get_absolute_url()}").status == 404
    capture = Evidence.bypass_policy.filter(case=case).first()
    assert outside.request.get(f"{base}/cases/evidence/{capture.pk}/download/").status == 404
    assert colleague.request.get(f"{base}/cases/evidence/{capture.pk}/download/").status == 200


def test_officer_abroad_asks_who_holds_a_number_and_the_spoc_shares_the_case(page, live_server, new_context, cast):
    base = live_server.url
    member(cast.owner_org, spoc=True, email="spoc@owner.test", full_name="Amina Odhiambo")
    case = CaseFactory(owner_org=cast.owner_org, marker="Operation Ironbark: scale couriers", author=cast.owner_editor)
    person = PersonFactory(
        owner_org=cast.owner_org, marker="Courier of the Mombasa ring", case=case, names="Juma Kariuki",
        phone_numbers="+254712000111",
    )  # fmt: skip
    index_identifiers(person)  # the factory writes the row directly; the service indexes on save
    assert Identifier.objects.filter(person=person, value="+254712000111").exists()
    secrets = [case.title, case.reference, case.summary, person.description, "Juma Kariuki"]

    log_in(page, base, "officer@outsider.test")
    assert page.request.get(f"{base}{case.get_absolute_url()}").status == 404
    open_menu(page, "Cases")
    page.get_by_role("link", name="Deconfliction").click()
    page.get_by_label("Kind").select_option(label="phone number")
    page.get_by_label("Identifier").fill("+254 712 000 111")
    page.get_by_role("button", name="Check").click()
    assert "These organisations hold it:" in main_text(page)
    assert page.locator("main li strong").all_inner_texts() == ["Owner Agency"]
    html = page.content()
    for secret in secrets:
        assert secret not in html
    page.screenshot(path="var/test/journey-cases-deconfliction.png", full_page=True)
    page.get_by_label("A note for their single point of contact").fill("Seller also active in GB, ref UK-77")
    page.get_by_role("button", name="Ask their SPOC to contact me").click()
    assert "Your contact request was sent to 1 single point(s) of contact." in main_text(page)

    spoc = new_context().new_page()
    log_in(spoc, base, "spoc@owner.test")
    open_menu(spoc, "Requests")
    spoc.get_by_role("link", name="Deconfliction: a contact request").click()
    body = main_text(spoc)
    assert "A deconfliction hit: Owner Agency holds a record with the same identifier (phone)." in body
    assert "Outsider Police" in body and "Seller also active in GB, ref UK-77" in body
    spoc.get_by_label("Message").fill(f"Accepted: we hold this number in {case.reference}. Sharing it with you.")
    spoc.get_by_role("button", name="Answer").click()
    assert "Your message was sent." in main_text(spoc)
    open_menu(spoc, "Cases")
    spoc.get_by_role("link", name=case.title).click()
    spoc.get_by_role("link", name="Share").click()
    spoc.get_by_label("A named user's e-mail").fill("officer@outsider.test")
    spoc.get_by_label("Also share its records").check()  # the person with that number, and the rest
    spoc.get_by_role("button", name="Share").click()
    assert "Shared. 1 of its records too." in main_text(spoc)
    assert "officer@outsider.test" in spoc.locator(".list-group").inner_text()
    spoc.screenshot(path="var/test/journey-cases-spoc-share.png", full_page=True)

    open_menu(page, "Requests")
    page.get_by_role("link", name="Sent").click()
    page.get_by_role("link", name="Deconfliction: a contact request").click()
    assert f"we hold this number in {case.reference}" in main_text(page)
    response = page.goto(f"{base}{case.get_absolute_url()}")
    assert response.status == 200
    assert case.title in main_text(page) and case.summary in main_text(page)
    assert person.description in main_text(page)  # the person whose number he asked about
    page.screenshot(path="var/test/journey-cases-officer-case.png", full_page=True)
    # Shared with him alone: a colleague of his organisation still gets 404.
    colleague = new_context().new_page()
    log_in(colleague, base, "grantee@outsider.test")
    assert colleague.goto(f"{base}{case.get_absolute_url()}").status == 404

"""Journey 3 walked in the browser: an NGO researcher uploads a monitoring report.

She uploads a PDF trend report to the library, shared with all vetted members at TLP:GREEN, and an XLSX of
2,000 adverts found in a month of monitoring. The import previews the rows and lists the 14 with a bad date;
nothing can be imported until she fixes them; she uploads the corrected file, commits, and the progress bar
shows the import. She shares the raw adverts with an enforcement-only space: an officer in it reads them,
an NGO analyst of another organisation finds nothing.
"""

import hashlib
import io
import re
import time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from weasyprint import HTML

from cases.models import Advert, AdvertImport, Case, ImportStatus, Platform
from portal.access.models import TLP, Distribution
from portal.library.models import Document
from portal.orgs.models import Sector
from tests.browser.helpers import log_in
from tests.factories import OrganisationFactory, member, space

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESEARCHER = "member@space.test"  # cast.space_member: a contributor of the NGO "Space NGO"
OFFICER = "officer@outsider.test"  # cast.outsider: Outsider Police, in the enforcement-only space
PLATFORM_MEMBER = "trust@platform.test"  # cast.other_sector
OTHER_NGO_ANALYST = "analyst@wildwatch.test"

REPORT_TITLE = "Online pangolin trade: March trend report"
CASE_TITLE = "Jiji Market monitoring, March 2026"
ADVERTS = 2000
MARKER = "J3-MONITOR"  # in every advert title, to look the adverts up in the search
BAD_ROWS = (3, 58, 211, 402, 517, 640, 777, 901, 1024, 1200, 1333, 1502, 1777, 1999)  # indexes of bad dates
BAD_DATE = "2026-02-30"  # no 30 February


def open_menu(page, name):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # on narrower windows the menu sits behind the toggler
        toggler.click()
    page.locator("nav").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def main_text(page) -> str:
    return page.locator("main").inner_text()


def trend_report_pdf() -> bytes:
    """A one-page PDF of the trend report, rendered the way the portal renders its own PDFs."""
    return HTML(
        string=f"<h1>{REPORT_TITLE}</h1><p>Adverts for pangolin scales rose 40% on Jiji Market in March.</p>"
    ).write_pdf()


def adverts_xlsx(columns: list[str], *, bad_rows=()) -> bytes:
    """A month of monitoring in the template's columns; rows whose index is in bad_rows carry an impossible date."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "adverts"
    sheet.append(columns)
    for n in range(ADVERTS):
        day = n % 31 + 1
        row = {
            "platform": "Jiji Market",
            "url": f"https://jiji.example/listing/{n}",
            "title": f"{MARKER} pangolin scales lot {n:04}",
            "text": "Dried scales, kilogram lots, delivery in Nairobi",
            "listing_id": f"J{n:04}",
            "language": "en",
            "posted_at": BAD_DATE if n in bad_rows else f"2026-03-{day:02} {n % 24:02}:15",
            "captured_at": f"2026-03-{day:02}",
            "seller_handle": f"scales_seller_{n % 40}",
            "price": str(100 + n % 500),
            "currency": "KES",
            "location": "Nairobi",
            "status": "online",
        }
        sheet.append([row[name] for name in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_adverts(page, content: bytes, name: str):
    page.get_by_label("CSV or XLSX file").set_input_files(
        files=[
            {
                "name": name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": content,
            }
        ]
    )
    page.get_by_label("Or open a new case titled").fill(CASE_TITLE)
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url(re.compile(r"/cases/import/\d+/$"))


def error_rows(page) -> list[tuple[str, str, str]]:
    """(row, column, problem) of each line of the import page's error table."""
    rows = []
    for line in page.locator("#import-status table tbody tr").all():
        cells = [cell.strip() for cell in line.locator("td").all_inner_texts()]
        rows.append(tuple(cells))
    return rows


def search(page, query: str) -> str:
    """The results list of the search bar's answer."""
    page.locator("#nav-search").fill(query)
    page.locator("#nav-search").press("Enter")
    page.wait_for_url(re.compile(r"/search/"))
    return page.get_by_role("region", name="Results").locator("ol").inner_text()


def adverts_api_count(page, base, case) -> int:
    """How many adverts of the case the API's advert list gives this page's user (the session signs the request)."""
    response = page.request.get(f"{base}/api/v1/case-adverts/?case={case.pk}")
    assert response.status == 200
    return response.json()["count"]


def test_ngo_researcher_uploads_a_trend_report_and_a_month_of_adverts(page, live_server, new_context, cast):
    base = live_server.url
    Platform.objects.create(name="Jiji Market", domains=["jiji.example"])
    space(cast.owner_org, cast.outsider_org, name="Enforcement network", allowed_sectors=[Sector.ENFORCEMENT])
    member(OrganisationFactory(name="Wild Watch", sector=Sector.NGO), email=OTHER_NGO_ANALYST)
    pdf = trend_report_pdf()
    assert pdf.startswith(b"%PDF-")

    # The trend report goes to the library, for every vetted member, at TLP:GREEN.
    log_in(page, base, RESEARCHER)
    open_menu(page, "Library")
    page.get_by_role("link", name="Upload a document").click()
    page.get_by_label("Kind").select_option(label="Trend report")
    page.get_by_label("Title").fill(REPORT_TITLE)
    page.get_by_label("Summary").fill("Adverts for pangolin scales on Jiji Market rose 40% in March.")
    page.get_by_label("Distribution").select_option(label="All vetted members")
    page.get_by_label("TLP", exact=True).select_option(label="TLP:GREEN")
    page.get_by_label("Attach files").set_input_files(
        files=[{"name": "trend-report-march.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/library/\d+/$"))
    body = main_text(page)
    assert "Saved." in body and REPORT_TITLE in body
    assert "TLP:GREEN" in body and "All vetted members" in body and "trend-report-march.pdf" in body
    page.screenshot(path="var/test/journey3-trend-report.png", full_page=True)
    report = Document.bypass_policy.get(title=REPORT_TITLE)
    assert (report.distribution, report.tlp, report.kind) == (Distribution.COMMUNITY, TLP.GREEN, "trend_report")

    # A member of another sector (an online platform) finds it in the library and downloads the same bytes.
    platform_page = new_context().new_page()
    log_in(platform_page, base, PLATFORM_MEMBER)
    open_menu(platform_page, "Library")
    platform_page.get_by_role("link", name=REPORT_TITLE).click()
    assert "TLP:GREEN" in main_text(platform_page) and "Space NGO" in main_text(platform_page)
    with platform_page.expect_download() as download:
        platform_page.get_by_role("link", name="trend-report-march.pdf").click()
    downloaded = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(downloaded).hexdigest() == hashlib.sha256(pdf).hexdigest()
    platform_page.screenshot(path="var/test/journey3-trend-report-platform.png", full_page=True)

    # The adverts: she learns the columns from the import page's XLSX template.
    open_menu(page, "Cases")
    page.get_by_role("link", name="Import adverts").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX", exact=True).click()
    assert download.value.suggested_filename == "adverts-template.xlsx"
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True).worksheets[0]
    columns = [str(value) for value in next(template.iter_rows(values_only=True))]
    assert {"platform", "url", "title", "posted_at", "seller_handle"} <= set(columns)

    # Her first file has 14 impossible dates: the check lists exactly those rows and offers no import.
    upload_adverts(page, adverts_xlsx(columns, bad_rows=BAD_ROWS), "jiji-march.xlsx")
    body = main_text(page)
    assert f"{ADVERTS} rows" in body and "Nothing was imported. Fix these rows and upload the file again." in body
    expected = [(str(n + 2), "posted_at", "Not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM.") for n in BAD_ROWS]
    assert error_rows(page) == expected  # spreadsheet rows: the header is row 1
    assert page.get_by_role("button", name=re.compile("^Import all")).count() == 0
    page.screenshot(path="var/test/journey3-import-errors.png", full_page=True)
    # Posting the commit anyway is refused, and nothing is written.
    rejected = AdvertImport.objects.get(original_name="jiji-march.xlsx")
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    forced = page.request.post(f"{base}/cases/import/{rejected.pk}/commit/", form={"csrfmiddlewaretoken": token})
    assert forced.status == 400
    assert "Fix the errors in the file and upload it again: nothing was imported." in forced.text()
    assert not Advert.bypass_policy.exists() and not Case.bypass_policy.filter(title=CASE_TITLE).exists()

    # She fixes the dates and uploads the file again: a clean preview with the import button.
    page.get_by_role("link", name="Upload another file").click()
    upload_adverts(page, adverts_xlsx(columns), "jiji-march-fixed.xlsx")
    body = main_text(page)
    assert "checked, waiting to be imported" in body and "Nothing was imported" not in body
    assert error_rows(page) == []
    assert f"{MARKER} pangolin scales lot 0000" in body and "scales_seller_0" in body  # the first rows
    page.screenshot(path="var/test/journey3-import-preview.png", full_page=True)
    started = time.monotonic()
    page.get_by_role("button", name=f"Import all {ADVERTS} rows").click()
    page.wait_for_url(re.compile(r"/cases/import/\d+/$"))
    committed_in = time.monotonic() - started
    body = main_text(page)
    assert f"{ADVERTS} adverts imported." in body and f"{ADVERTS} of {ADVERTS} rows written" in body
    progress = page.locator("progress#import-progress")
    assert progress.get_attribute("max") == str(ADVERTS) and progress.get_attribute("value") == str(ADVERTS)
    assert progress.is_visible()
    page.screenshot(path="var/test/journey3-import-done.png", full_page=True)
    assert committed_in < 30, f"the commit of {ADVERTS} rows took {committed_in:.1f} s"

    case = Case.bypass_policy.get(title=CASE_TITLE)
    assert case.owner_org == cast.space_org and case.distribution == Distribution.ORGANISATION
    assert Advert.bypass_policy.filter(case=case).count() == ADVERTS
    assert Advert.bypass_policy.filter(case=case, posted_at__month=3, captured_at__month=3).count() == ADVERTS
    page.get_by_role("link", name="Open the case").click()
    page.wait_for_url(f"{base}{case.get_absolute_url()}")
    adverts_table = page.get_by_role("heading", name="Adverts").locator("xpath=following-sibling::table[1]")
    assert adverts_table.locator("tbody tr").count() == ADVERTS

    # The raw adverts go to enforcement only: the case and its adverts, granted to the enforcement-only space.
    page.get_by_role("link", name="Share").click()
    page.get_by_label("or a space").select_option(label="Enforcement network")
    page.get_by_label(re.compile("^Also share its records")).check()
    page.get_by_role("button", name="Share").click()
    assert f"Shared. {ADVERTS} of its records too." in main_text(page)
    assert "Space: Enforcement network" in page.locator(".list-group").inner_text()
    page.screenshot(path="var/test/journey3-share-enforcement.png", full_page=True)
    advert = Advert.bypass_policy.get(case=case, listing_id="J0007")

    # An officer of an enforcement agency in that space reads the adverts, seller handles included.
    officer = new_context().new_page()
    log_in(officer, base, OFFICER)
    open_menu(officer, "Cases")
    officer.get_by_role("link", name=CASE_TITLE).click()
    officer.wait_for_url(f"{base}{case.get_absolute_url()}")  # the whole page: it lists all 2,000 adverts
    officer_table = officer.get_by_role("heading", name="Adverts").locator("xpath=following-sibling::table[1]")
    assert officer_table.locator("tbody tr").count() == ADVERTS
    officer.get_by_role("link", name=advert.title, exact=True).click()
    body = main_text(officer)
    assert advert.url in body and "scales_seller_7" in body and "[redacted]" not in body
    officer.screenshot(path="var/test/journey3-officer-advert.png", full_page=True)
    assert adverts_api_count(officer, base, case) == ADVERTS  # the list of adverts his own tools would read

    # An NGO analyst of another organisation: no case in the list, 404 on each address.
    outsider = new_context().new_page()
    log_in(outsider, base, OTHER_NGO_ANALYST)
    open_menu(outsider, "Cases")
    assert CASE_TITLE not in main_text(outsider) and "No cases you can see." in main_text(outsider)
    outsider.screenshot(path="var/test/journey3-other-ngo-cases.png", full_page=True)
    assert adverts_api_count(outsider, base, case) == 0
    assert outsider.goto(f"{base}{case.get_absolute_url()}").status == 404
    assert outsider.goto(f"{base}{advert.get_absolute_url()}").status == 404
    assert adverts_api_count(platform_page, base, case) == 0  # nor does the platform's member
    # The trend report, on the other hand, is hers to read like every vetted member's.
    assert outsider.goto(f"{base}{report.get_absolute_url()}").status == 200
    assert AdvertImport.objects.get(original_name="jiji-march-fixed.xlsx").status == ImportStatus.DONE

    # The search bar: the officer finds an imported advert by its listing id, the NGO analyst does not.
    assert advert.title in search(officer, advert.listing_id)
    found = search(outsider, advert.listing_id)
    assert MARKER not in found and "Nothing you can see matches." in found

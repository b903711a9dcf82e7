"""Import of monitoring results: template, dry-run preview with row errors, all-or-nothing commit as a task."""

import csv
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cases.imports import COLUMN_NAMES
from cases.models import Advert, AdvertCodeWordHit, AdvertImport, Case, Identifier
from portal.access.models import Distribution
from tests.factories import AdvertImportFactory, CaseFactory, PlatformFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform(db):
    return PlatformFactory(name="Example Marketplace", domains=["market.example"])


def rows(n=20, bad_dates=()):
    out = []
    for i in range(1, n + 1):
        out.append({
            "platform": "Example Marketplace" if i % 2 else "market.example",
            "url": f"https://market.example/listing/{i}",
            "title": f"Pangolin scales lot {i}",
            "text": "Genuine scales, discreet shipping",
            "listing_id": str(i),
            "language": "en",
            "posted_at": "2026-13-45" if i in bad_dates else f"2026-03-{i:02d} 21:15",
            "captured_at": "2026-04-01",
            "seller_handle": f"@Seller_{i}",
            "price": "120.50",
            "currency": "usd",
            "location": "Lagos",
            "status": "online",
        })  # fmt: skip
    return out


def csv_file(data, name="monitoring.csv"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    writer.writerows(data)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def xlsx_file(data, name="monitoring.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMN_NAMES)
    for row in data:
        sheet.append([row[c] for c in COLUMN_NAMES])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def case(cast):
    return CaseFactory(owner_org=cast.owner_org, marker="Monitoring case", distribution=Distribution.SPACES,
                       spaces=[cast.space])  # fmt: skip


def upload(client, file, case=None, title=""):
    return client.post(
        reverse("cases:import"), {"file": file, "case": case.pk if case else "", "new_case_title": title}
    )


def test_templates_have_the_columns(cast):
    client = client_for(cast.owner_editor)
    text = client.get(reverse("cases:import-template", args=["csv"])).content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text))) == COLUMN_NAMES
    workbook = load_workbook(io.BytesIO(client.get(reverse("cases:import-template", args=["xlsx"])).content))
    assert [c.value for c in workbook.active[1]] == COLUMN_NAMES
    assert client.get(reverse("cases:import-template", args=["pdf"])).status_code == 404


def test_two_bad_dates_are_listed_and_the_commit_refused(cast, platform, case):
    client = client_for(cast.owner_editor)
    response = upload(client, csv_file(rows(20, bad_dates=(4, 11))), case)
    obj = AdvertImport.objects.get()
    assert response.status_code == 302 and response.url == obj.get_absolute_url()
    assert obj.total_rows == 20
    assert [(e["row"], e["column"]) for e in obj.errors] == [(5, "posted_at"), (12, "posted_at")]
    page = client.get(obj.get_absolute_url()).content.decode()
    assert "Nothing was imported" in page and "posted_at" in page
    assert "errors to fix, nothing can be imported" in page and "waiting to be imported" not in page
    refused = client.post(reverse("cases:import-commit", args=[obj.pk]))
    assert refused.status_code == 400
    assert not Advert.bypass_policy.exists()
    obj.refresh_from_db()
    assert obj.status == "previewed"


def test_a_fixed_file_commits_every_row(cast, platform, case):
    from tests.factories import CodeWordFactory

    CodeWordFactory(owner_org=cast.outsider_org, marker="pangolin scales", term="scales")
    client = client_for(cast.owner_editor)
    upload(client, csv_file(rows(20)), case)
    obj = AdvertImport.objects.get()
    assert obj.errors == []
    preview = client.get(obj.get_absolute_url())
    assert "Import all 20 rows" in preview.content.decode()
    response = client.post(reverse("cases:import-commit", args=[obj.pk]))
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == "done" and obj.done_rows == 20
    adverts = Advert.bypass_policy.filter(case=case)
    assert adverts.count() == 20
    first = adverts.get(listing_id="1")
    assert first.platform == platform and first.currency == "USD" and first.owner_org == cast.owner_org
    assert first.distribution == Distribution.SPACES and list(first.spaces.all()) == [cast.space]
    assert first.posted_at.day == 1 and first.author == cast.owner_editor
    # Indexed for deconfliction and scanned for code words, like adverts saved one by one.
    assert Identifier.objects.filter(advert=first, kind="handle", value="seller_1").exists()
    assert AdvertCodeWordHit.objects.filter(advert__case=case).count() >= 20
    # And in the search index, for those who may see them (the space's member) and not for others.
    from portal.search.services import Filters, search

    assert [hit.obj.pk for hit in search(cast.space_member, Filters(q=first.title)).hits] == [first.pk]
    assert search(cast.outsider, Filters(q=first.title)).hits == []
    # A second commit of the same upload does nothing.
    assert client.post(reverse("cases:import-commit", args=[obj.pk])).status_code == 400
    assert Advert.bypass_policy.count() == 20
    assert "20 adverts were imported" in client.get(obj.get_absolute_url()).content.decode()


def test_an_xlsx_file_into_a_new_case(cast, platform):
    client = client_for(cast.owner_editor)
    response = upload(client, xlsx_file(rows(5)), title="Lagos scales monitoring")
    obj = AdvertImport.objects.get()
    assert response.status_code == 302 and obj.errors == [] and obj.file_format == "xlsx"
    client.post(reverse("cases:import-commit", args=[obj.pk]))
    obj.refresh_from_db()
    case = Case.bypass_policy.get(title="Lagos scales monitoring")
    assert obj.status == "done" and obj.case == case and case.owner_org == cast.owner_org
    assert Advert.bypass_policy.filter(case=case).count() == 5 and case.distribution == Distribution.ORGANISATION


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"url": "not a url"}, "url"),
        ({"platform": "Unknown Bazaar"}, "platform"),
        ({"title": ""}, "title"),
        ({"price": "cheap"}, "price"),
        ({"status": "sold"}, "status"),
    ],
)
def test_each_error_names_the_row_and_column(cast, platform, case, change, column):
    data = rows(3)
    data[1].update(change)
    client = client_for(cast.owner_editor)
    upload(client, xlsx_file(data), case)
    assert [(e["row"], e["column"]) for e in AdvertImport.objects.get().errors] == [(3, column)]


def test_a_file_without_a_required_column_is_a_form_error(cast, platform, case):
    client = client_for(cast.owner_editor)
    bad = SimpleUploadedFile("x.csv", b"title,url\nA,https://a.example/\n")
    response = upload(client, bad, case)
    assert response.status_code == 400 and "platform" in str(response.context["form"].errors["file"])
    not_a_sheet = upload(client, SimpleUploadedFile("x.xlsx", b"not a workbook"), case)
    assert not_a_sheet.status_code == 400 and "file" in not_a_sheet.context["form"].errors
    assert not AdvertImport.objects.exists()


def test_only_a_case_the_importer_may_change(client, cast, platform):
    shared = CaseFactory(owner_org=cast.outsider_org, marker="Someone else's case", distribution=Distribution.COMMUNITY)
    client.force_login(cast.owner_editor)
    response = upload(client, csv_file(rows(2)), shared)
    assert response.status_code == 400 and "case" in response.context["form"].errors
    missing = upload(client, csv_file(rows(2)))
    assert missing.status_code == 400 and "case" in missing.context["form"].errors
    client.force_login(cast.owner_reader)
    assert client.get(reverse("cases:import")).status_code == 403


def test_another_user_cannot_see_or_commit_an_upload(client, cast, platform, case):
    client.force_login(cast.owner_editor)
    upload(client, csv_file(rows(2)), case)
    obj = AdvertImport.objects.get()
    from tests.factories import member

    colleague = member(cast.owner_org, email="colleague@owner.test")
    client.force_login(colleague)
    assert client.get(obj.get_absolute_url()).status_code == 404
    assert client.post(reverse("cases:import-commit", args=[obj.pk])).status_code == 404
    assert not Advert.bypass_policy.exists()


def test_a_lost_upload_gives_a_clear_error(cast, platform, case):
    client = client_for(cast.owner_editor)
    upload(client, csv_file(rows(2)), case)
    obj = AdvertImport.objects.get()
    default_storage.delete(obj.file)
    response = client.post(reverse("cases:import-commit", args=[obj.pk]))
    assert response.status_code == 400 and "no longer available" in response.content.decode()
    assert not Advert.bypass_policy.exists()


def test_the_status_fragment_for_htmx_polling(cast, platform, case):
    client = client_for(cast.owner_editor)
    upload(client, csv_file(rows(2)), case)
    obj = AdvertImport.objects.get()
    AdvertImport.objects.filter(pk=obj.pk).update(status="running")
    fragment = client.get(obj.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert 'id="import-status"' in fragment and "every 2s" in fragment and "<html" not in fragment


# Progress ------------------------------------------------------------------------------------------------------


def test_a_commit_reports_its_progress_after_each_batch(cast, platform, case, monkeypatch):
    from cases.imports import services as imports

    reported = []
    real = imports.progress_reporter

    def recording(import_id):
        report, close = real(import_id)
        return (lambda n: (reported.append(n), report(n))), close

    monkeypatch.setattr(imports, "BATCH", 4)
    monkeypatch.setattr(imports, "progress_reporter", recording)
    client = client_for(cast.owner_editor)
    upload(client, csv_file(rows(10)), case)
    obj = AdvertImport.objects.get()
    assert client.post(reverse("cases:import-commit", args=[obj.pk])).status_code == 302
    assert reported == [4, 8, 10]
    page = client.get(obj.get_absolute_url()).content.decode()
    assert "10 of 10 rows written" in page and 'value="10"' in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the reference data for later tests
def test_progress_is_written_outside_the_import_transaction(cast, platform):
    """While the adverts are written in one transaction, the count reaches the status page through another
    connection (PostgreSQL; SQLite has one writer at a time, so there it moves at the end)."""
    from django.db import connection, transaction

    from cases.imports.services import progress_reporter

    if connection.vendor != "postgresql":
        pytest.skip("a second writer needs PostgreSQL")
    running = AdvertImportFactory(
        uploaded_by=cast.owner_editor, organisation=cast.owner_org, file="x", original_name="x.csv",
        file_format="csv", status="running", total_rows=10,
    )  # fmt: skip
    finished = AdvertImportFactory(
        uploaded_by=cast.owner_editor, organisation=cast.owner_org, file="y", original_name="y.csv",
        file_format="csv", status="done", total_rows=10, done_rows=10,
    )  # fmt: skip
    report, close = progress_reporter(running.pk)
    try:
        with transaction.atomic():
            Advert.bypass_policy.none()  # the import's own transaction is open here
            report(4)
            # Seen from outside at once, though this transaction has not committed.
            assert AdvertImport.objects.get(pk=running.pk).done_rows == 4
    finally:
        close()
    report_done, close_done = progress_reporter(finished.pk)
    report_done(3)  # a finished import keeps its count
    close_done()
    assert AdvertImport.objects.get(pk=finished.pk).done_rows == 10

"""Library documents end to end: uploads checked by content, Markdown sanitised, versions, downloads, API."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.access.models import TLP, Distribution
from portal.audit.models import AuditEvent
from portal.files.filetypes import DOCX, ODT, PDF, PNG, XLSX, sniff
from portal.library.models import Attachment, Document
from portal.library.rendering import render_markdown
from tests.factories import DocumentFactory, client_for

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def zip_bytes(members: dict, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(first, members.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_BYTES = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX_BYTES = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
# A macro-enabled document (.docm) named .docx: Word would run its VBA project.
DOCM_BYTES = zip_bytes(
    {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "word/vbaProject.bin": "VBA"}
)
ODT_BYTES = zip_bytes({"mimetype": ODT, "content.xml": "<office/>"}, first="mimetype")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_data(**overrides):
    data = {
        "kind": "sop",
        "title": "Evidence from adverts",
        "summary": "How to keep it",
        "body": "# Steps\n\n1. Screenshot",
        "language": "en",
        "countries": ["KE", "TZ"],
        "taxa": "Manis temminckii\nLoxodonta africana",
        "tags": "evidence, screenshots",
        "authors": "A. Otieno",
        "publication_date": "2026-03-01",
        "review_date": "",
        "distribution": "community",
        "tlp": "green",
        "pap": "green",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (DOCX_BYTES, DOCX),
        (XLSX_BYTES, XLSX),
        (ODT_BYTES, ODT),
        (DOCM_BYTES, None),
        (EXE_BYTES, None),
        (b"PK\x03\x04 not really a zip", None),
        (zip_bytes({"a.txt": "x"}), None),
        (b"<html><script>alert(1)</script>", None),
    ],
)
def test_file_type_is_read_from_the_content(content, expected):
    assert sniff(io.BytesIO(content)) == expected


def test_upload_with_files_stores_hash_type_and_size(cast):
    client = client_for(cast.owner_editor)
    files = [upload("guide.pdf", PDF_BYTES), upload("sheet.xlsx", XLSX_BYTES), upload("scan", PNG_BYTES)]
    response = client.post(reverse("library:create"), {**form_data(), "files": files})
    doc = Document.bypass_policy.get()
    assert response.status_code == 302 and response.url == doc.get_absolute_url()
    assert doc.owner_org == cast.owner_org and doc.taxa == ["Manis temminckii", "Loxodonta africana"]
    assert doc.tags == ["evidence", "screenshots"] and [c.code for c in doc.countries] == ["KE", "TZ"]
    by_name = {a.name: a for a in doc.attachments.all()}
    assert set(by_name) == {"guide.pdf", "sheet.xlsx", "scan.png"}
    assert by_name["sheet.xlsx"].content_type == XLSX and by_name["guide.pdf"].size == len(PDF_BYTES)
    assert by_name["guide.pdf"].sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert default_storage.exists(by_name["guide.pdf"].file.name)
    assert not by_name["guide.pdf"].file.name.endswith("guide.pdf")  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("report.pdf", EXE_BYTES, "report.pdf is not an accepted file type"),
        ("notes.docx", zip_bytes({"a.txt": "x"}), "notes.docx is not an accepted file type"),
        ("macros.docx", DOCM_BYTES, "macros.docx is not an accepted file type"),
        ("big.pdf", PDF_BYTES + b"x" * 2048, "big.pdf is larger than"),
    ],
)
def test_a_refused_file_is_a_form_error_naming_it_and_saves_nothing(cast, settings, name, content, message):
    settings.LIBRARY_MAX_UPLOAD_BYTES = 1024
    client = client_for(cast.owner_editor)
    files = [upload("fine.pdf", PDF_BYTES), upload(name, content)]
    response = client.post(reverse("library:create"), {**form_data(), "files": files})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["files"])
    assert message in errors and "fine.pdf" not in errors
    assert not Document.bypass_policy.exists() and not Attachment.objects.exists()


def test_markdown_is_rendered_and_sanitised():
    html = str(
        render_markdown(
            "**bold** <script>alert(1)</script> [x](javascript:alert(2)) "
            '<a href="https://ok.example" onclick="steal()">ok</a> <img src=x onerror="alert(3)">'
        )
    )
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "alert(1)" not in html
    assert "javascript:" not in html
    assert "onclick" not in html and "onerror" not in html and "<img" not in html
    assert 'href="https://ok.example"' in html and "nofollow" in html


def test_detail_page_shows_sanitised_body(client, cast):
    doc = DocumentFactory(owner_org=cast.owner_org, marker="Doc A", distribution=Distribution.PUBLIC, tlp=TLP.CLEAR)
    Document.bypass_policy.filter(pk=doc.pk).update(body='Hello <script>alert("x")</script> <b onmouseover="x()">b</b>')
    body = client.get(doc.get_absolute_url()).content.decode()
    assert "Hello" in body and 'alert("x")' not in body and "onmouseover" not in body


def test_download_sends_the_file_as_an_attachment_and_audits_it(cast):
    doc = DocumentFactory(owner_org=cast.owner_org, marker="Doc B", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    attachment = doc.attachments.get()
    client = client_for(cast.outsider)
    response = client.get(attachment.get_download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and "sweep.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == PDF
    assert b"Doc B" in response.content
    event = AuditEvent.objects.get(action="document.download")
    assert event.actor == cast.outsider and event.object_id == str(doc.pk)


def test_large_download_is_streamed(cast, settings):
    settings.LIBRARY_INLINE_DOWNLOAD_BYTES = 8
    doc = DocumentFactory(owner_org=cast.owner_org, marker="Doc C", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    client = client_for(cast.outsider)
    response = client.get(doc.attachments.get().get_download_url())
    assert response.status_code == 200 and response.streaming
    assert b"Doc C" in b"".join(response.streaming_content)


def test_hidden_document_and_foreign_attachment_answer_404(cast):
    hidden = DocumentFactory(owner_org=cast.owner_org, marker="Hidden")
    public = DocumentFactory(owner_org=cast.owner_org, marker="Pub", distribution=Distribution.PUBLIC, tlp=TLP.CLEAR)
    client = client_for(cast.outsider)
    assert client.get(hidden.attachments.get().get_download_url()).status_code == 404
    # The hidden document's file asked for under a visible document's id: still 404.
    url = reverse("library:attachment-download", args=[public.pk, hidden.attachments.get().pk])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="document.download").exists()


def test_new_version_supersedes_and_the_list_shows_current_versions(cast):
    old = DocumentFactory(
        owner_org=cast.owner_org, marker="Guide v1", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
    )
    client = client_for(cast.owner_editor)
    page = client.get(reverse("library:new-version", args=[old.pk]))
    assert page.status_code == 200 and page.context["form"].initial["title"] == "Guide v1"
    response = client.post(reverse("library:new-version", args=[old.pk]), form_data(title="Guide v2"))
    new = Document.bypass_policy.get(title="Guide v2")
    assert response.status_code == 302 and new.supersedes == old
    listing = client.get(reverse("library:list")).content.decode()
    assert "Guide v2" in listing and "Guide v1" not in listing
    assert "Guide v1" in client.get(reverse("library:list"), {"versions": "all"}).content.decode()
    old_page = client.get(old.get_absolute_url())
    assert old_page.status_code == 200 and old_page.context["newer"] == new
    # A version can be superseded once; the second attempt is a form error.
    again = client.post(reverse("library:new-version", args=[old.pk]), form_data(title="Guide v2 bis"))
    assert again.status_code == 200 and again.context["form"].non_field_errors()


def test_a_newer_version_the_viewer_cannot_see_does_not_hide_the_old_one(cast):
    old = DocumentFactory(
        owner_org=cast.owner_org, marker="Plan v1", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
    )
    DocumentFactory(owner_org=cast.owner_org, marker="Plan v2 internal", supersedes=old)
    client = client_for(cast.outsider)
    body = client.get(reverse("library:list")).content.decode()
    assert "Plan v1" in body and "Plan v2 internal" not in body
    assert "Plan v2 internal" not in client.get(old.get_absolute_url()).content.decode()


def test_translations_link_both_ways_and_only_visible_ones_show(client, cast):
    english = DocumentFactory(
        owner_org=cast.owner_org, marker="Poster", distribution=Distribution.PUBLIC, tlp=TLP.CLEAR
    )
    hidden = DocumentFactory(owner_org=cast.owner_org, marker="Affiche interne")
    client.force_login(cast.owner_editor)
    response = client.post(
        reverse("library:create"), form_data(title="Affiche", language="fr", translations=[english.pk])
    )
    french = Document.bypass_policy.get(title="Affiche")
    assert response.status_code == 302 and set(Document.bypass_policy.filter(translations=english)) == {french}
    french.translations.add(hidden)
    client.force_login(cast.outsider)
    context = client.get(english.get_absolute_url()).context
    assert [d.title for d in context["translations"]] == ["Affiche"]
    assert client.get(french.get_absolute_url()).context["translations"] == [english]


def test_translation_choices_come_from_the_policy(cast):
    DocumentFactory(owner_org=cast.owner_org, marker="Owner secret")
    client = client_for(cast.outsider)
    response = client.post(reverse("library:create"), form_data(translations=[Document.bypass_policy.get().pk]))
    assert "translations" in response.context["form"].errors


def test_edit_adds_files_and_checks_the_version(cast):
    doc = DocumentFactory(
        owner_org=cast.owner_org, marker="Edit me", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
    )
    client = client_for(cast.owner_editor)
    data = {**form_data(title="Edited"), "version": doc.version, "files": [upload("more.odt", ODT_BYTES)]}
    response = client.post(reverse("library:edit", args=[doc.pk]), data)
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.title == "Edited" and doc.attachments.count() == 2
    stale = client.post(reverse("library:edit", args=[doc.pk]), {**form_data(title="Stale"), "version": 1})
    assert stale.status_code == 200 and "Someone else saved" in stale.content.decode()


@pytest.mark.parametrize("query", [{"kind": "nonsense"}, {"country": "QQ"}, {"language": "zz-none"}])
def test_bad_filters_are_form_errors_not_500(cast, query):
    client = client_for(cast.outsider)
    response = client.get(reverse("library:list"), query)
    assert response.status_code == 200 and response.context["filter_form"].errors


def test_filters_by_kind_country_language_and_text(cast):
    common = {"owner_org": cast.owner_org, "distribution": Distribution.COMMUNITY, "tlp": TLP.GREEN}
    DocumentFactory(marker="Kenyan SOP", **common)
    other = DocumentFactory(marker="French law", **common)
    Document.bypass_policy.filter(pk=other.pk).update(kind="legislation", language="fr", countries=["FR"])
    Document.bypass_policy.filter(title="Kenyan SOP").update(countries=["KE"], tags=["pangolin"])
    client = client_for(cast.outsider)

    def titles(**query):
        return {d.title for d in client.get(reverse("library:list"), query).context["object_list"]}

    assert titles(kind="legislation") == {"French law"}
    assert titles(country="KE") == {"Kenyan SOP"}
    assert titles(language="fr") == {"French law"}
    assert titles(q="pangolin") == {"Kenyan SOP"}


def test_api_lists_documents_with_attachments_and_no_hidden_links(cast):
    doc = DocumentFactory(
        owner_org=cast.owner_org, marker="Api doc", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
    )
    hidden = DocumentFactory(owner_org=cast.owner_org, marker="Api hidden")
    doc.translations.add(hidden)
    client = client_for(cast.outsider)
    data = client.get(reverse("api:document-list"), {"kind": "sop"}).json()
    assert [r["title"] for r in data["results"]] == ["Api doc"]
    row = data["results"][0]
    assert row["translations"] == [] and row["attachments"][0]["name"] == "sweep.pdf"
    assert row["attachments"][0]["download_url"].endswith(doc.attachments.get().get_download_url())
    assert client.post(reverse("api:document-list"), {}).status_code == 405


def test_list_runs_a_constant_number_of_queries(cast, django_assert_max_num_queries):
    for i in range(3):
        DocumentFactory(owner_org=cast.owner_org, marker=f"Q{i}", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    client = client_for(cast.outsider)
    client.get(reverse("library:list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("library:list"))
    for i in range(10):
        DocumentFactory(owner_org=cast.owner_org, marker=f"R{i}", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    with django_assert_max_num_queries(12):
        client.get(reverse("library:list"))

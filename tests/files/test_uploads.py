"""accept_upload: the type read from the bytes, the size limit, the hash, and each refusal naming the field."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.files.filetypes import DOCX, IMAGES, JPEG, PDF, PNG
from portal.files.uploads import Refusals, accept_upload, safe_name
from portal.library.models import Attachment

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def zip_bytes(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(name, content):
    # The browser's claim is always PDF here: only the bytes count.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def messages(error: ValidationError, field: str) -> list[str]:
    return error.value.message_dict[field]


def test_type_size_and_hash_of_an_accepted_file():
    content = PDF_BYTES + b"x" * (3 * 1024 * 1024)  # several chunks
    accepted = accept_upload(upload=upload("../../etc/guide.pdf", content), max_bytes=4 * 1024 * 1024)
    assert accepted.content_type == PDF and accepted.size == len(content)
    assert accepted.sha256 == hashlib.sha256(content).hexdigest()
    assert accepted.name == "guide.pdf"  # no directories from the browser


def test_a_png_named_pdf_is_refused_where_only_pdf_is_allowed_and_named_png_elsewhere():
    with pytest.raises(ValidationError) as error:
        accept_upload(upload=upload("report.pdf", PNG_BYTES), max_bytes=1024, allowed={PDF}, field="files")
    assert "report.pdf is not an accepted file type" in messages(error, "files")[0]
    accepted = accept_upload(upload=upload("report.pdf", PNG_BYTES), max_bytes=1024)
    assert accepted.content_type == PNG and accepted.name == "report.pdf.png"


def test_a_macro_document_named_docx_is_refused():
    plain = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    assert accept_upload(upload=upload("notes.docx", plain), max_bytes=10_000).content_type == DOCX
    macros = zip_bytes(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "word/vbaProject.bin": "VBA"}
    )
    with pytest.raises(ValidationError) as error:
        accept_upload(upload=upload("notes.docx", macros), max_bytes=10_000, field="upload")
    assert error.value.error_dict["upload"][0].code == "file_type"


@pytest.mark.parametrize(
    ("content", "code", "text"),
    [
        (b"", "empty", "big.pdf is empty."),
        (PDF_BYTES + b"x" * 2048, "too_large", "big.pdf is larger than 0.0 MB."),
    ],
)
def test_empty_and_too_large_files_are_refused_by_name(content, code, text):
    with pytest.raises(ValidationError) as error:
        accept_upload(upload=upload("big.pdf", content), max_bytes=1024, field="files")
    assert error.value.error_dict["files"][0].code == code
    assert messages(error, "files") == [text]


def test_without_a_field_the_error_is_a_plain_list_for_a_form_field():
    with pytest.raises(ValidationError) as error:
        accept_upload(upload=upload("x.pdf", b"MZ\x90\x00"), max_bytes=1024)
    assert not hasattr(error.value, "error_dict") and error.value.error_list[0].code == "file_type"


def test_a_caller_words_its_own_refusals():
    refusals = Refusals(empty="Not an image.", too_large="Over 0 MB.", wrong_type="Not an image.")
    kwargs = {"max_bytes": 40, "allowed": IMAGES, "refusals": refusals, "field": "screenshot"}
    with pytest.raises(ValidationError) as error:
        accept_upload(upload=upload("shot.png", PDF_BYTES), **kwargs)
    assert messages(error, "screenshot") == ["Not an image."]
    with pytest.raises(ValidationError) as error:
        accept_upload(upload=upload("shot.png", PNG_BYTES + b"0" * 40), **kwargs)
    assert messages(error, "screenshot") == ["Over 0 MB."]
    assert accept_upload(upload=upload("shot.jpeg", b"\xff\xd8\xff" + b"0" * 8), **kwargs).name == "shot.jpeg"
    assert accept_upload(upload=upload("shot.jpeg", b"\xff\xd8\xff"), **kwargs).content_type == JPEG


@pytest.mark.django_db
def test_save_to_writes_the_whole_file_into_real_storage(media_root):
    content = PDF_BYTES + bytes(range(256)) * 100
    accepted = accept_upload(upload=upload("guide.pdf", content), max_bytes=1024 * 1024)
    attachment = Attachment(name=accepted.name)
    stored = accepted.save_to(attachment.file, accepted.name)
    assert stored == attachment.file.name and (media_root / stored).is_file()
    with default_storage.open(stored, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == accepted.sha256


def test_safe_name_drops_directories_and_control_characters():
    assert safe_name("C:\\Users\\me\\scan\x00.pdf") == "scan.pdf"
    assert safe_name("") == "file" and len(safe_name("a" * 500)) == 200

"""What an uploaded file really is, read from its bytes: the name and the browser's claim are not trusted."""

import zipfile

from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"

EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", ODT: "odt", PNG: "png", JPEG: "jpg", GIF: "gif", WEBP: "webp"}
# Other endings that name the same content truly: a saved name ending so keeps it.
ALSO_NAMED = {JPEG: ("jpeg",)}
ACCEPTED = frozenset(EXTENSIONS)
ACCEPTED_LABEL = _("PDF, DOCX, XLSX, ODT, PNG, JPEG, GIF or WebP")
IMAGES = frozenset({PNG, JPEG, GIF, WEBP})

# A document with more entries than this is not an office file anyone wrote by hand.
MAX_ZIP_ENTRIES = 10_000


def _is_macro_project(name: str) -> bool:
    """A VBA project (word/vbaProject.bin, xl/vbaProject.bin, or elsewhere if a relationship points there)."""
    return name.rsplit("/", 1)[-1].lower() in {"vbaproject.bin", "vbadata.xml"}


def _zip_type(fileobj) -> str | None:
    """OOXML and ODF are zip archives: tell them apart by their mandatory members, not by the name."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None
            names = {info.filename for info in infos}
            # ODF: the first member is an uncompressed "mimetype" file naming the type.
            if infos and infos[0].filename == "mimetype" and infos[0].file_size < 100:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return ODT if declared == ODT else None
            if "[Content_Types].xml" in names:
                if any(_is_macro_project(name) for name in names):
                    # A .docm/.xlsm renamed: Office runs its macros whatever the file is called.
                    return None
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    return None


def sniff(fileobj) -> str | None:
    """The content type of an accepted file, or None; leaves the file positioned at its start."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = GIF
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_type(fileobj)
    fileobj.seek(0)
    return kind

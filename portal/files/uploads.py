"""Accepting an upload: its type read from its bytes, its size limited, its SHA-256 computed in chunks.

Each caller passes what it accepts (``allowed``, ``max_bytes``) and how it words a refusal; the file itself is
then saved by the caller into its own FileField, whose ``upload_to`` names it (often from the hash).
"""

import hashlib
import os
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext_lazy as _

from portal.files.filetypes import ACCEPTED, ACCEPTED_LABEL, ALSO_NAMED, EXTENSIONS, sniff

CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Refusals:
    """What a caller says when it refuses a file; %(name)s, %(limit)s (MB) and %(accepted)s are filled in."""

    empty: str
    too_large: str
    wrong_type: str


# The library's and the cases' wording: each refusal names the file, so one of several can be found.
NAMED_FILE = Refusals(
    empty=_("%(name)s is empty."),
    too_large=_("%(name)s is larger than %(limit)s MB."),
    wrong_type=_("%(name)s is not an accepted file type (%(accepted)s); its content was checked, not its name."),
)


@dataclass(frozen=True)
class AcceptedUpload:
    """What a caller saves of an accepted file: a clean name that says what it is, the sniffed type, size, hash."""

    name: str
    content_type: str
    size: int
    sha256: str
    file: File

    def save_to(self, field_file, name: str = "upload") -> str:
        """Write the file into a record's FileField (not saving the record); the field's upload_to names it."""
        self.file.seek(0)
        field_file.save(name, self.file, save=False)
        return field_file.name


def safe_name(name: str) -> str:
    """The file's base name without directories or control characters (for storage and download headers)."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:200] or "file"


def named_for(name: str, content_type: str) -> str:
    """The name with the ending of its real type added when it has another, so nothing opens it as something else."""
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext in (EXTENSIONS[content_type], *ALSO_NAMED.get(content_type, ())):
        return name
    return f"{name}.{EXTENSIONS[content_type]}"


def _refuse(message: str, code: str, params: dict, field: str | None) -> ValidationError:
    error = ValidationError(message, code=code, params=params)
    return ValidationError({field: [error]}) if field else error


def accept_upload(
    *,
    upload,
    max_bytes: int,
    allowed: Collection[str] = ACCEPTED,
    accepted_label: str = ACCEPTED_LABEL,
    refusals: Refusals = NAMED_FILE,
    field: str | None = None,
) -> AcceptedUpload:
    """Check an uploaded file by its content and size and hash it; a ValidationError (under ``field`` when one is
    named, for a form or a 400) if it is empty, larger than ``max_bytes`` or not of an ``allowed`` type."""
    name = safe_name(getattr(upload, "name", ""))
    params = {"name": name, "limit": round(max_bytes / (1024 * 1024), 1), "accepted": accepted_label}
    size = upload.size or 0
    if not size:
        raise _refuse(refusals.empty, "empty", params, field)
    if size > max_bytes:
        raise _refuse(refusals.too_large, "too_large", params, field)
    content_type = sniff(upload)
    if content_type is None or content_type not in allowed:
        raise _refuse(refusals.wrong_type, "file_type", params, field)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK_BYTES), b""):
        digest.update(chunk)
    upload.seek(0)
    return AcceptedUpload(
        name=named_for(name, content_type),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        file=upload if isinstance(upload, File) else File(upload, name=name),
    )

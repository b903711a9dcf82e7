"""Sending a stored file to someone the caller has already let see its record: private headers, one audit row.

The caller looks the record up through the policy first (``get_visible_or_404`` or its own check); this module
decides nothing about access, it only serves the file of a record it is handed.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from portal.audit.services import audit
from portal.files.uploads import safe_name


def private_download(
    field_file,
    *,
    actor,
    audit_action: str,
    audit_obj,
    audit_detail: dict | None = None,
    filename: str,
    content_type: str,
    as_attachment: bool = True,
    whole_up_to: int | None = None,
) -> HttpResponse:
    """The file as a response that no browser sniffs or caches; audited before it is read, 404 if it is gone.

    Files up to ``whole_up_to`` bytes (LIBRARY_INLINE_DOWNLOAD_BYTES unless given) are sent in one piece;
    larger ones are streamed, so they never sit whole in memory.
    """
    audit(actor=actor, action=audit_action, obj=audit_obj, detail=audit_detail)
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError:
        raise Http404("No such file") from None
    limit = settings.LIBRARY_INLINE_DOWNLOAD_BYTES if whole_up_to is None else whole_up_to
    size = handle.size
    if size <= limit:
        with handle:
            response = HttpResponse(handle.read(), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, safe_name(filename))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

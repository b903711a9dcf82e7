"""The STIX download as every path answers it: media type, attachment, never cached, one audit row."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from interchange.stix.bundle import build_bundle
from portal.audit.services import audit

STIX_MEDIA_TYPE = "application/stix+json;version=2.1"


def stix_download(reader, *, filename: str, scope: str, obj=None, filters: str = "", **querysets) -> HttpResponse:
    """The bundle of these querysets (already through the policy) as a download, audited like the CSV exports."""
    built = build_bundle(reader, **querysets)
    audit(
        actor=reader,
        action="interchange.stix_export",
        obj=obj,
        detail={
            "scope": scope,
            "records": built.records,
            "objects": built.objects,
            "tlp": built.tlp,
            "filters": filters,
        },
    )
    response = HttpResponse(built.json, content_type=STIX_MEDIA_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response

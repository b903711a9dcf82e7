"""The lexicon for filter systems (CSV, JSON) and the scan page's results (CSV), each stating its TLP first."""

import io
import json

from django.http import HttpResponse
from django.utils import timezone

from lexicon.scanning import pattern_variants
from portal.access.models import TLP, most_restricted_tlp
from portal.spreadsheets import SafeCsvWriter, write_tlp_header

CODEWORD_COLUMNS = [
    "id",
    "term",
    "patterns",
    "language",
    "script",
    "romanisation",
    "category",
    "meaning",
    "taxon",
    "term_code",
    "confidence",
    "status",
    "releasable",
    "tlp",
    "owner",
    "updated_at",
]
SCAN_COLUMNS = ["row", "url", "posted_at", "score", "matched", "code_words", "meanings", "taxa", "tlp", "text"]


def export_record(obj) -> dict:
    return {
        "id": obj.pk,
        "term": obj.term,
        "patterns": sorted(pattern_variants(obj.term)),
        "language": obj.language,
        "script": obj.script,
        "romanisation": obj.romanisation,
        "category": obj.category,
        "meaning": obj.gloss,
        "taxon": obj.taxon.scientific_name if obj.taxon else "",
        "term_code": obj.term_code.code if obj.term_code else "",
        "confidence": obj.confidence,
        "status": obj.status,
        "releasable": obj.releasable,
        "tlp": TLP(obj.tlp).label,
        "owner": str(obj.owner_org),
        "updated_at": obj.updated_at.isoformat(),
    }


def codewords_csv(records: list[dict], tlp: str) -> str:
    buffer = io.StringIO()
    write_tlp_header(buffer, tlp, note="the most restrictive marking of the rows below; share accordingly")
    writer = SafeCsvWriter(buffer)
    writer.writerow(CODEWORD_COLUMNS)
    for record in records:
        writer.writerow([" | ".join(record[name]) if name == "patterns" else record[name] for name in CODEWORD_COLUMNS])
    return buffer.getvalue()


def codewords_response(records: list[dict], *, tlp: str, fmt: str, releasable_only: bool) -> HttpResponse:
    """The export records (export_record) of the code words a user may see, as JSON or CSV, with their TLP."""
    stamp = timezone.now()
    filename = f"lexicon-{stamp:%Y%m%d}-{tlp}.{fmt}"
    if fmt == "json":
        body = {
            "tlp": TLP(tlp).label,
            "generated_at": stamp.isoformat(),
            "releasable_only": releasable_only,
            "count": len(records),
            "code_words": records,
        }
        response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json")
    else:
        response = HttpResponse(codewords_csv(records, tlp), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-TLP"] = TLP(tlp).label
    return response


def scan_results_csv(listings, results) -> HttpResponse:
    """The scanned listings with their hits, under the most restrictive TLP of the code words matched."""
    tlp = most_restricted_tlp(hit.entry.tlp for result in results for hit in result.hits)
    buffer = io.StringIO()
    write_tlp_header(buffer, tlp, note="the most restrictive marking of the code words matched below")
    writer = SafeCsvWriter(buffer)
    writer.writerow(SCAN_COLUMNS)
    for number, (listing, result) in enumerate(zip(listings, results, strict=True), start=1):
        writer.writerow(
            [
                number,
                listing["url"],
                listing["posted_at"],
                result.score,
                " | ".join(h.matched for h in result.hits),
                " | ".join(h.entry.term for h in result.hits),
                " | ".join(h.entry.gloss for h in result.hits),
                " | ".join(h.entry.taxon for h in result.hits),
                " | ".join(TLP(h.entry.tlp).label for h in result.hits),
                listing["text"],
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scan-{tlp}.csv"'
    return response

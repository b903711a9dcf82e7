"""The case list as CSV and XLSX: the rows of a queryset the view has already filtered through the policy,
under a first line with their most restrictive TLP; audited. The views only parse the filters."""

import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from cases.models import Advert
from portal.access.models import most_restricted_tlp
from portal.access.policy import redact
from portal.audit.services import audit
from portal.spreadsheets import SafeCsvWriter, write_tlp_header, xlsx_row

EXPORT_COLUMNS = [
    ("reference", "reference"),
    ("title", "title"),
    ("status", "status"),
    ("country", "country"),
    ("date_detected", "date_detected"),
    ("owner", "owner_org"),
    ("distribution", "distribution"),
    ("tlp", "tlp"),
    ("pap", "pap"),
]
ADVERT_EXPORT_COLUMNS = [
    ("case", "case__reference"),
    ("title", "title"),
    ("platform", "platform"),
    ("url", "url"),
    ("posted_at", "posted_at"),
    ("seller_handle", "seller_handle"),
    ("price", "price"),
    ("currency", "currency"),
    ("status", "status"),
    ("tlp", "tlp"),
]
MAX_EXPORT_ROWS = 10_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _case_table(cases) -> list[list[str]]:
    return [[str(getattr(row, attr) or "") for _name, attr in EXPORT_COLUMNS] for row in cases]


def _download(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def advert_table(user, case_ids) -> tuple[list[list[str]], list[str]]:
    """Adverts of the exported cases that the user may see, with personal fields redacted; and their TLPs."""
    qs = (
        Advert.objects.visible_to(user)
        .filter(case_id__in=case_ids)
        .select_related("platform", "case")
        .order_by("case_id", "created_at", "id")[:MAX_EXPORT_ROWS]
    )
    rows = [redact(user, advert) for advert in qs]
    table = []
    for advert in rows:
        values = {
            "case__reference": advert.case.reference,
            "platform": advert.platform.name if advert.platform else "",
            "posted_at": advert.posted_at.isoformat() if advert.posted_at else "",
        }
        table.append([str(values.get(attr, getattr(advert, attr, "")) or "") for _name, attr in ADVERT_EXPORT_COLUMNS])
    return table, [advert.tlp for advert in rows]


def cases_csv(cases, *, user, query: str) -> HttpResponse:
    """The first MAX_EXPORT_ROWS of a queryset of cases the user may see; query (the list's filters) is audited."""
    rows = list(cases[:MAX_EXPORT_ROWS])
    tlp = most_restricted_tlp(row.tlp for row in rows)
    table = _case_table(rows)
    audit(actor=user, action="cases.export", detail={"rows": len(rows), "tlp": tlp, "filters": query})
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    write_tlp_header(writer, tlp)
    writer.writerow([name for name, _attr in EXPORT_COLUMNS])
    writer.writerows(table)
    return _download(buffer.getvalue(), content_type="text/csv; charset=utf-8", filename="cases.csv")


def cases_xlsx_bytes(sheets, tlp: str) -> bytes:
    """A workbook with a sheet per (title, columns, rows), each under the TLP line and its column names."""
    from openpyxl import Workbook  # a heavy import, loaded by the few requests that write a workbook

    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title)
        write_tlp_header(sheet, tlp)
        sheet.append([name for name, _attr in columns])
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cases_xlsx(cases, *, user, query: str) -> HttpResponse:
    """The cases as XLSX, with a second sheet of the visible adverts of those cases (redacted)."""
    rows = list(cases[:MAX_EXPORT_ROWS])
    table = _case_table(rows)
    adverts, advert_tlps = advert_table(user, [row.pk for row in rows])
    tlp = most_restricted_tlp([*(row.tlp for row in rows), *advert_tlps])
    audit(
        actor=user,
        action="cases.export",

        detail={"rows": len(rows), "adverts": len(adverts), "tlp": tlp, "format": "xlsx", "filters": query},
    )  # fmt: skip
    content = cases_xlsx_bytes((("cases", EXPORT_COLUMNS, table), ("adverts", ADVERT_EXPORT_COLUMNS, adverts)), tlp)
    return _download(content, content_type=XLSX_CONTENT_TYPE, filename="cases.xlsx")

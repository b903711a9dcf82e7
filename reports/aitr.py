"""Rows of the CITES annual illegal trade report: a Party's seizures of a year, in the report's column layout.

Columns follow the CITES annual illegal trade report format (Notification No. 2016/007 and its updates);
columns the portal does not record are left empty for the Management Authority to complete.
"""

import io

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Seizure
from portal.access.models import TLP_ORDER, tlp_rank
from portal.orgs.models import CitesParty
from portal.spreadsheets import SafeCsvWriter, write_tlp_header, xlsx_row
from reports.models import PartyReport, ReportStatus
from reports.sources import redact_for_report, visible

COLUMNS = (
    _("Reporting Party"),
    _("Date of seizure"),
    _("Location of seizure"),
    _("Seizing agency"),
    _("Species (scientific name)"),
    _("CITES Appendix"),
    _("Description of specimens (term code)"),
    _("Quantity"),
    _("Unit"),
    _("Country of origin"),
    _("Country of export/re-export"),
    _("Country of destination/import"),
    _("Reason for seizure"),
    _("Method of detection"),
    _("Mode of transport"),
    _("Method of concealment"),
    _("Estimated value"),
    _("Currency"),
    _("Nationality of offenders"),
    _("Legislation and sanctions"),
    _("Additional information"),
    _("Consent to share with ICCWC"),
)


def iccwc_consent(viewer, party, year: int) -> bool:
    """The Party's consent, from its latest report covering the year that the viewer may see."""
    report = (
        PartyReport.objects.visible_to(viewer)
        .filter(party=party, period_start__year__lte=year, period_end__year__gte=year)
        .filter(Q(status=ReportStatus.SUBMITTED) | Q(owner_org__country=party.code))
        .order_by("-period_end", "-pk")
        .first()
    )
    return bool(report and report.share_with_iccwc)


def consenting_parties(viewer, year: int) -> list:
    """The Parties whose Party report for the year (the latest the viewer may see) consents to sharing with ICCWC."""
    candidates = (
        PartyReport.objects.visible_to(viewer)
        .filter(share_with_iccwc=True, period_start__year__lte=year, period_end__year__gte=year)
        .values_list("party", flat=True)
    )
    parties = CitesParty.objects.filter(pk__in=list(candidates)).order_by("name")
    return [party for party in parties if iccwc_consent(viewer, party, year)]


def seizure_rows(viewer, party, year: int | None, max_tlp: str) -> list[tuple[str, list]]:
    """(TLP, row) of the seizures of the Party's organisations that the viewer may see, marked at most max_tlp,
    redacted."""
    qs = visible(Seizure, viewer).filter(owner_org__country=party.code, tlp__in=TLP_ORDER[: tlp_rank(max_tlp) + 1])
    if year:
        qs = qs.filter(date__year=year)
    qs = qs.select_related("taxon", "term_code", "unit", "owner_org").order_by("date", "pk")
    consent = _("yes") if year and iccwc_consent(viewer, party, year) else _("no")
    rows = []
    for seizure in qs:
        redact_for_report(viewer, seizure)
        rows.append(
            (
                seizure.tlp,
                [
                    party.name,
                    seizure.date.isoformat() if seizure.date else "",
                    seizure.place,
                    seizure.owner_org.name,
                    seizure.taxon.scientific_name if seizure.taxon else "",
                    seizure.taxon.cites_appendix if seizure.taxon else "",
                    seizure.term_code.code if seizure.term_code else "",
                    seizure.quantity if seizure.quantity is not None else "",
                    seizure.unit.code if seizure.unit else "",
                    "",
                    "",
                    "",
                    "",
                    seizure.get_detection_method_display(),
                    seizure.get_transport_mode_display(),
                    seizure.concealment,
                    seizure.estimated_value if seizure.estimated_value is not None else "",
                    seizure.value_currency,
                    "",
                    "",
                    "",
                    str(consent),
                ],
            )
        )
    return rows


def as_csv(rows, tlp: str) -> str:
    """The report's rows under a first line with the most restrictive TLP among them."""
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    write_tlp_header(writer, tlp)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def as_xlsx(rows, tlp: str) -> bytes:
    from openpyxl import Workbook  # a heavy import, loaded by the few requests that write a workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Illegal trade report")
    write_tlp_header(sheet, tlp)
    sheet.append(xlsx_row(sheet, COLUMNS))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

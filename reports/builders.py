"""The PDFs: a Party report in the shape the Secretariat asks for, and the Secretariat's compilation (seed 000)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from portal.access.models import TLP, most_restricted_tlp
from reports.content import (
    Collected,
    Filters,
    case_statistics,
    legislation_matrix,
    party_case_tables,
    party_documents,
    takedown_metrics,
)
from reports.models import NARRATIVE_SECTIONS, PartyReport, ReportStatus
from reports.pdf import render_pdf

TLP_COLOURS = {"clear": "#000000", "green": "#198754", "amber": "#b36b00", "amber+strict": "#b36b00", "red": "#c00000"}


def css_string(text: str) -> str:
    """Text for a CSS content: string inside a <style> element, where HTML escaping does not apply."""
    # Safe: all but letters, digits and " .,:-()+" become CSS escapes; "<", quotes and "\\" cannot pass.
    return mark_safe("".join(ch if ch.isalnum() or ch in " .,:-()+" else f"\\{ord(ch):06x}" for ch in str(text)))  # noqa: S308


def header(context: dict, footer: str) -> dict:
    tlp = context["header_tlp"]
    context.update(header_label=css_string(TLP(tlp).label), header_colour=TLP_COLOURS[tlp], footer=css_string(footer))
    return context


def party_report_context(report: PartyReport, viewer=None, progress=lambda pct: None) -> dict:
    """Everything the Party report shows, from what its author may see at or below the report's TLP."""
    viewer = viewer or report.author
    filters = Filters(
        start=report.period_start, end=report.period_end, country=report.party.code, max_tlp=report.tlp, released=True
    )
    collected = Collected()
    documents = party_documents(viewer, report.party, filters, collected)
    progress(20)
    matrix = legislation_matrix(viewer, report.party, filters, collected)
    progress(35)
    statistics = case_statistics(viewer, filters, collected)
    tables = party_case_tables(viewer, report.party, filters, collected)
    progress(55)
    takedown = takedown_metrics(viewer, filters, collected)
    narratives = [
        {"name": name, "heading": heading, "text": getattr(report, name), "documents": documents[name]}
        for name, heading in NARRATIVE_SECTIONS
    ]
    if any(item["text"].strip() for item in narratives):
        collected.tlps.add(report.tlp)
    return {
        "report": report,
        "narratives": narratives,
        "matrix": matrix,
        "statistics": statistics,
        "tables": tables,
        "takedown": takedown,
        "header_tlp": collected.most_restricted,
        "generated_at": timezone.now(),
    }


def party_report_html(report: PartyReport, viewer=None, progress=lambda pct: None) -> tuple[str, str]:
    context = header(party_report_context(report, viewer, progress), report.party.name)
    return render_to_string("reports/pdf/party_report.html", context), context["header_tlp"]


def compilation_context(viewer, start: datetime.date, end: datetime.date) -> dict:
    """The submitted Party reports of a period that the viewer may see, grouped by heading with Party names."""
    reports = list(
        PartyReport.objects.visible_to(viewer)
        .filter(status=ReportStatus.SUBMITTED, period_start__lte=end, period_end__gte=start)
        .select_related("party", "owner_org")
        .order_by("party__name", "period_start")
    )
    igo = [r for r in reports if r.owner_org.sector == "igo"]
    parties = [r for r in reports if r.owner_org.sector != "igo"]
    headings = []
    for name, heading in NARRATIVE_SECTIONS:
        entries = [
            {"party": r.party.name, "organisation": r.owner_org.name, "text": getattr(r, name)}
            for r in parties
            if getattr(r, name).strip()
        ]
        headings.append({"heading": heading, "entries": entries})
    partners = [
        {"organisation": r.owner_org.name, "heading": heading, "text": getattr(r, name)}
        for r in igo
        for name, heading in NARRATIVE_SECTIONS
        if getattr(r, name).strip()
    ]
    return {
        "start": start,
        "end": end,
        "party_names": sorted({r.party.name for r in parties}),
        "headings": headings,
        "partners": partners,
        "header_tlp": most_restricted_tlp(r.tlp for r in reports),
        "generated_at": timezone.now(),
    }


def compilation_html(viewer, start, end) -> tuple[str, str]:
    context = header(compilation_context(viewer, start, end), "CITES Secretariat")
    return render_to_string("reports/pdf/compilation.html", context), context["header_tlp"]


def render(html: str) -> tuple[bytes, int]:
    with translation.override("en"):
        return render_pdf(html)

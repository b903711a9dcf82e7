"""What goes into a Party report and the statistics pages: records the viewer may see, at or below a TLP, redacted."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from cases.models import Advert, Case, Prosecution, Seizure
from portal.access.models import TLP, most_restricted_tlp
from portal.library.models import Document, LegislationEntry
from referrals.models import Referral
from reports import stats, takedown
from reports.sources import redact_for_report, visible

# Which library document kinds feed which narrative heading.
SECTION_KINDS = {
    "legislation": ("legislation",),
    "codes_of_conduct": ("guideline", "awareness"),
    "best_practice": ("best_practice", "sop", "case_study"),
    "research": ("research_paper", "methodology", "monitoring_report"),
    "trends": ("trend_report",),
}


@dataclass
class Filters:
    """The filters of the statistics pages and the scope of a report."""

    start: datetime.date | None = None
    end: datetime.date | None = None
    country: str = ""
    max_tlp: str = TLP.RED
    # Content that leaves with a report (see sources.visible): set for report builds and prefills.
    released: bool = False


@dataclass
class Collected:
    """Records included so far and their TLPs, to print the most restricted one in the page headers."""

    tlps: set = field(default_factory=set)

    def take(self, viewer, objs):
        objs = [redact_for_report(viewer, obj) for obj in objs]
        self.tlps.update(obj.tlp for obj in objs)
        return objs

    @property
    def most_restricted(self) -> str:
        return most_restricted_tlp(self.tlps)


def _period(qs, date_field: str, filters: Filters):
    if filters.start:
        qs = qs.filter(
            **{f"{date_field}__date__gte" if _is_datetime(qs, date_field) else f"{date_field}__gte": filters.start}
        )
    if filters.end:
        qs = qs.filter(
            **{f"{date_field}__date__lte" if _is_datetime(qs, date_field) else f"{date_field}__lte": filters.end}
        )
    return qs


def _is_datetime(qs, name: str) -> bool:
    return qs.model._meta.get_field(name).get_internal_type() == "DateTimeField"


def _country(qs, filters: Filters):
    return qs.filter(owner_org__country=filters.country) if filters.country else qs


def party_documents(viewer, party, filters: Filters, collected: Collected) -> dict:
    """The Party's documents (owned by organisations of its country) per narrative heading."""
    out = {name: [] for name in SECTION_KINDS}
    qs = visible(Document, viewer, filters.max_tlp, filters.released).filter(owner_org__country=party.code)
    if filters.start:
        qs = qs.filter(
            Q(publication_date__gte=filters.start)
            | Q(publication_date__isnull=True, created_at__date__gte=filters.start)
        )
    if filters.end:
        qs = qs.filter(
            Q(publication_date__lte=filters.end) | Q(publication_date__isnull=True, created_at__date__lte=filters.end)
        )
    docs = collected.take(viewer, qs.select_related("owner_org").order_by("kind", "title"))
    for name, kinds in SECTION_KINDS.items():
        out[name] = [doc for doc in docs if doc.kind in kinds]
    return out


def prefill_text(documents: list) -> str:
    """A starting text for a narrative heading: one line per document, for the author to rewrite."""
    lines = []
    for doc in documents:
        year = f" ({doc.publication_date.year})" if doc.publication_date else ""
        summary = f": {doc.summary}" if doc.summary else ""
        lines.append(f"- {doc.title}{year}{summary}")
    return "\n".join(lines)


def legislation_matrix(viewer, party, filters: Filters, collected: Collected) -> list:
    qs = visible(LegislationEntry, viewer, filters.max_tlp, filters.released).filter(party=party).order_by("title")
    return [{"entry": entry, "answers": entry.answers()} for entry in collected.take(viewer, qs)]


def case_statistics(viewer, filters: Filters, collected: Collected | None = None) -> dict:
    """Cases, adverts, seizures and prosecutions the viewer may see, as charts; none for a missing model."""
    charts = []
    notes = []
    when = "date_detected"
    qs = _country(_period(visible(Case, viewer, filters.max_tlp, filters.released), when, filters), filters)
    _mark(collected, qs)
    charts += [
        stats.chart("cases-month", _("Cases by month"), _("cases"), stats.by_month(qs, when)),
        stats.chart(
            "cases-taxon",
            _("Cases by taxon"),
            _("cases"),
            stats.by_value(qs, "species__taxon__scientific_name"),
            "hbar",
        ),
        stats.chart(
            "cases-platform", _("Cases by platform"), _("cases"), stats.by_value(qs, "platforms__name"), "hbar"
        ),
        stats.chart(
            "cases-country",
            _("Cases by country of the owner"),
            _("cases"),
            stats.by_value(qs, "owner_org__country"),
            "hbar",
        ),
    ]
    qs = _country(_period(visible(Advert, viewer, filters.max_tlp, filters.released), "posted_at", filters), filters)
    _mark(collected, qs)
    charts += [
        stats.chart("adverts-month", _("Adverts by month of posting"), _("adverts"), stats.by_month(qs, "posted_at")),
        stats.chart(
            "adverts-platform", _("Adverts by platform"), _("adverts"), stats.by_value(qs, "platform__name"), "hbar"
        ),
        stats.chart(
            "adverts-taxon",
            _("Adverts by taxon"),
            _("adverts"),
            stats.by_value(qs, "case__species__taxon__scientific_name"),
            "hbar",
        ),
        stats.chart(
            "adverts-country",
            _("Adverts by country of the owner"),
            _("adverts"),
            stats.by_value(qs, "owner_org__country"),
            "hbar",
        ),
        # Local time where the reporting organisation is: the seller's own zone is not recorded.
        stats.chart(
            "adverts-hour",
            _("Adverts by local hour of posting"),
            _("adverts"),
            stats.by_local_hour(qs, "posted_at", "owner_org__country"),
        ),
    ]
    hours = stats.hours_between(qs, "posted_at", "removed_at")
    charts.append(
        stats.chart("adverts-removal", _("Time from posting to removal"), _("adverts"), stats.removal_buckets(hours))
    )
    median = stats.median_hours(hours)
    if median is not None:
        notes.append(_("Median time from posting to removal: %(h)s hours.") % {"h": median})
    qs = _country(_period(visible(Seizure, viewer, filters.max_tlp, filters.released), "date", filters), filters)
    _mark(collected, qs)
    modes = dict(Seizure._meta.get_field("transport_mode").flatchoices)
    charts += [
        stats.chart("seizures-month", _("Seizures by month"), _("seizures"), stats.by_month(qs, "date")),
        stats.chart(
            "seizures-transport",
            _("Seizures by transport mode"),
            _("seizures"),
            stats.by_value(qs, "transport_mode", modes),
            "hbar",
        ),
        stats.chart(
            "seizures-taxon",
            _("Seizures by taxon"),
            _("seizures"),
            stats.by_value(qs, "taxon__scientific_name"),
            "hbar",
        ),
        stats.chart(
            "seizures-country",
            _("Seizures by country of the owner"),
            _("seizures"),
            stats.by_value(qs, "owner_org__country"),
            "hbar",
        ),
    ]
    qs = _country(
        _period(visible(Prosecution, viewer, filters.max_tlp, filters.released), "created_at", filters), filters
    )
    _mark(collected, qs)
    verdicts = dict(Prosecution._meta.get_field("verdict").flatchoices)
    charts += [
        stats.chart(
            "prosecutions-verdict",
            _("Prosecution outcomes"),
            _("prosecutions"),
            stats.by_value(qs, "verdict", verdicts),
            "hbar",
        ),
        stats.chart(
            "prosecutions-prison",
            _("Prison sentences"),
            _("prosecutions"),
            stats.sentence_buckets(qs, "prison_months"),
            "hbar",
        ),
    ]
    return {"charts": charts, "notes": notes}


def party_case_tables(viewer, party, filters: Filters, collected: Collected) -> dict:
    """Rows for the Party report: the Party's seizures and prosecutions, redacted, at or below the report's TLP."""
    scoped = Filters(
        start=filters.start, end=filters.end, country=party.code, max_tlp=filters.max_tlp, released=filters.released
    )
    seizures, prosecutions = [], []
    qs = _country(_period(visible(Seizure, viewer, scoped.max_tlp, scoped.released), "date", scoped), scoped)
    seizures = collected.take(viewer, qs.select_related("taxon", "term_code", "unit").order_by("date", "pk"))
    qs = _country(_period(visible(Prosecution, viewer, scoped.max_tlp, scoped.released), "created_at", scoped), scoped)
    prosecutions = collected.take(viewer, qs.order_by("created_at", "pk"))
    return {"seizures": seizures, "prosecutions": prosecutions}


def _mark(collected: Collected | None, qs) -> None:
    """Counts drawn from records carry their markings into the report header too."""
    if collected is not None:
        collected.tlps.update(qs.order_by().values_list("tlp", flat=True).distinct())


def takedown_metrics(viewer, filters: Filters, collected: Collected | None = None) -> dict:
    """Takedown referrals in the period: how many, how many removed, and the hours to removal."""
    qs = visible(Referral, viewer, filters.max_tlp, filters.released)
    qs = _country(_period(qs, "sent_at", filters), filters)
    _mark(collected, qs)
    hours = takedown.removal_hours(takedown.rows_of(qs))
    return {
        "sent": qs.count(),
        "removed": len(hours),
        "median_hours": stats.median_hours(hours),
        "chart": stats.chart(
            "takedown-removal", _("Time from referral to removal"), _("referrals"), stats.removal_buckets(hours)
        ),
    }

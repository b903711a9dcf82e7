"""Aggregates over querysets the caller has already restricted with the policy: they take querysets, never models."""

import functools
import zoneinfo
from collections import Counter
from datetime import datetime
from pathlib import Path
from statistics import median
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from reports.charts import Chart


def by_month(qs, date_field: str) -> list[tuple[str, int]]:
    rows = (
        qs.exclude(**{f"{date_field}__isnull": True})
        .annotate(month=TruncMonth(date_field))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
        .order_by("month")
    )
    return [(row["month"].strftime("%Y-%m"), row["n"]) for row in rows]


def by_value(qs, field: str, labels: dict | None = None, limit: int = 30) -> list[tuple[str, int]]:
    rows = qs.values(field).annotate(n=Count("pk", distinct=True)).order_by("-n", field)[:limit]
    labels = labels or {}
    return [(str(labels.get(row[field], row[field]) or _("not recorded")), row["n"]) for row in rows]


def by_local_hour(qs, when_field: str, country_field: str) -> list[tuple[str, int]]:
    """Posts by local hour of the day (seed 002: traders post between 9 pm and 6 am), in the country's main zone."""
    counts = Counter()
    rows = qs.exclude(**{f"{when_field}__isnull": True}).values_list(when_field, country_field)
    for when, country in rows.iterator():
        counts[when.astimezone(country_zone(country)).hour if isinstance(when, datetime) else 0] += 1
    return [(f"{hour:02d}:00", counts.get(hour, 0)) for hour in range(24)]


@functools.cache
def _zone_table() -> dict[str, str]:
    """Country code to its first listed time zone, from the system's tz database (zone.tab)."""
    for root in zoneinfo.TZPATH:
        path = Path(root) / "zone.tab"
        if path.is_file():
            table = {}
            for line in path.read_text().splitlines():
                if line and not line.startswith("#"):
                    code, _coords, name = line.split("\t")[:3]
                    table.setdefault(code, name)
            return table
    return {}


def country_zone(country: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(_zone_table().get(str(country or ""), "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def sentence_buckets(qs, months_field: str) -> list[tuple[str, int]]:
    edges = [(_("none"), 0), (_("up to 1 year"), 12), (_("1–5 years"), 60), (_("over 5 years"), None)]
    counts = Counter()
    for months in qs.values_list(months_field, flat=True).iterator():
        if months is None:
            continue
        label = next(str(name) for name, limit in edges if limit is None or months <= limit)
        counts[label] += 1
    return [(str(name), counts.get(str(name), 0)) for name, _limit in edges]


def hours_between(qs, start_field: str, end_field: str) -> list[float]:
    rows = qs.exclude(**{f"{start_field}__isnull": True, f"{end_field}__isnull": True}).values_list(
        start_field, end_field
    )
    return [max((end - start).total_seconds() / 3600, 0) for start, end in rows.iterator() if start and end]


def removal_buckets(hours: list[float]) -> list[tuple[str, int]]:
    edges = [(_("under 24 h"), 24), (_("1–3 days"), 72), (_("3–7 days"), 168), (_("1–4 weeks"), 672)]
    counts = Counter()
    for h in hours:
        label = next((str(name) for name, limit in edges if h < limit), str(_("over 4 weeks")))
        counts[label] += 1
    order = [str(name) for name, _limit in edges] + [str(_("over 4 weeks"))]
    return [(label, counts.get(label, 0)) for label in order]


def median_hours(hours: list[float]) -> float | None:
    return round(median(hours), 1) if hours else None


def chart(name, title, column, rows, kind="bar") -> Chart:
    return Chart(name=name, title=title, columns=(_("category"), column), rows=rows, kind=kind)

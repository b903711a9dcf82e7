"""Time from referral to removal, counted once: the takedown metrics page, the statistics (and the Party
reports built from them) and the portal admins' usage page all use these, and draw with reports.charts.

Rows are tuples of referrals.selectors.TAKEDOWN_FIELDS (id, platform, sent, removed, relisted, state), read by
the caller from the referrals it may count.
"""

import math
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from referrals.models import TAKEN_DOWN
from referrals.selectors import TAKEDOWN_FIELDS, takedown_rows
from reports.charts import Chart
from reports.stats import median_hours


def rows_of(qs) -> list[tuple]:
    """The rows of referrals the caller has already restricted (visible_to, or every one for portal admins)."""
    return list(qs.values_list(*TAKEDOWN_FIELDS))


def removal_hours(rows) -> list[float]:
    """Hours from sending to removal of each removed referral; never negative (a date typed wrongly is not a
    faster removal)."""
    return [
        max((removed - sent).total_seconds() / 3600, 0) for _id, _p, sent, removed, *_rest in rows if sent and removed
    ]


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


def summary(rows) -> dict:
    """Referrals, removals, removal rate, median and 90th percentile hours to removal, and relisting rate."""
    hours = removal_hours(rows)
    removed = len(hours)
    relisted = sum(1 for row in rows if row[4])
    return {
        "referrals": len(rows),
        "removed": removed,
        "removal_rate": round(100 * removed / len(rows), 1) if rows else None,
        "median_hours": median_hours(hours),
        "p90_hours": round(percentile(hours, 90), 1) if hours else None,
        "relisting_rate": round(100 * relisted / removed, 1) if removed else None,
    }


def by_platform(rows) -> list[dict]:
    """One summary per platform, by name."""
    groups = defaultdict(list)
    for row in rows:
        groups[row[1]].append(row)
    return [{"platform": platform, **summary(group)} for platform, group in sorted(groups.items())]


def by_platform_and_month(rows) -> list[dict]:
    """One summary per platform and month of sending."""
    groups = defaultdict(list)
    for row in rows:
        groups[(row[1], row[2].strftime("%Y-%m"))].append(row)
    return [{"platform": p, "month": m, **summary(group)} for (p, m), group in sorted(groups.items())]


def charts(platforms: list[dict], months: list[dict]) -> list[Chart]:
    """The metrics page's charts: rates and hours per platform, referrals per month stacked by platform."""
    if not platforms:
        return []
    names = [p["platform"] for p in platforms]
    month_labels = sorted({m["month"] for m in months})
    counts = {(m["platform"], m["month"]): m["referrals"] for m in months}
    return [
        Chart(
            name="takedown-rates",
            title=_("Removal and relisting rate (%)"),
            columns=(_("platform"), _("removal rate"), _("relisting rate")),
            rows=[(p["platform"], p["removal_rate"], p["relisting_rate"]) for p in platforms],
        ),
        Chart(
            name="takedown-hours",
            title=_("Hours to removal"),
            columns=(_("platform"), _("median"), _("90th percentile")),
            rows=[(p["platform"], p["median_hours"], p["p90_hours"]) for p in platforms],
        ),
        Chart(
            name="takedown-months",
            title=_("Referrals per month"),
            columns=(_("month"), *names),
            rows=[(label, *(counts.get((name, label), 0) for name in names)) for label in month_labels],
            kind="stacked",
        ),
    ]


def platform_metrics(viewer) -> dict:
    """The metrics page: the referrals the viewer sees and, for a platform, those in its queue."""
    rows = takedown_rows(viewer)
    platforms = by_platform(rows)
    months = by_platform_and_month(rows)
    return {"months": months, "platforms": platforms, "charts": charts(platforms, months), "taken_down": TAKEN_DOWN}

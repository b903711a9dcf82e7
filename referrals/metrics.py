"""Takedown metrics per platform and month, from the viewer's referrals and their platform's queue."""

import base64
import math
from collections import defaultdict
from statistics import median

import pygal
from django.utils.translation import gettext as _

from referrals.models import TAKEN_DOWN, Referral
from referrals.selectors import referral_queue_for


def _percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


def _rows(viewer):
    fields = ("pk", "platform__name", "sent_at", "removed_at", "relisted_at", "state")
    own = Referral.objects.visible_to(viewer).values_list(*fields)
    queue_ids = referral_queue_for(viewer).values("id")
    queue = Referral.bypass_policy.filter(pk__in=queue_ids).values_list(*fields)
    seen, out = set(), []
    for row in [*own, *queue]:
        if row[0] not in seen:
            seen.add(row[0])
            out.append(row)
    return out


def _summary(rows) -> dict:
    hours = [(r[3] - r[2]).total_seconds() / 3600 for r in rows if r[3] and r[2]]
    removed = len(hours)
    relisted = sum(1 for r in rows if r[4])
    return {
        "referrals": len(rows),
        "removed": removed,
        "removal_rate": round(100 * removed / len(rows), 1) if rows else None,
        "median_hours": round(median(hours), 1) if hours else None,
        "p90_hours": round(_percentile(hours, 90), 1) if hours else None,
        "relisting_rate": round(100 * relisted / removed, 1) if removed else None,
    }


def referral_metrics(viewer) -> dict:
    rows = _rows(viewer)
    by_month = defaultdict(list)
    by_platform = defaultdict(list)
    for row in rows:
        by_month[(row[1], row[2].strftime("%Y-%m"))].append(row)
        by_platform[row[1]].append(row)
    table = [{"platform": p, "month": m, **_summary(rs)} for (p, m), rs in sorted(by_month.items())]
    platforms = [{"platform": p, **_summary(rs)} for p, rs in sorted(by_platform.items())]
    return {"months": table, "platforms": platforms, "charts": _charts(platforms, table), "taken_down": TAKEN_DOWN}


def _data_uri(chart) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart.render()).decode("ascii")


def _charts(platforms, months) -> list[dict]:
    if not platforms:
        return []
    config = {"width": 720, "height": 360, "disable_xml_declaration": False, "show_legend": True, "js": []}
    rate = pygal.Bar(title=_("Removal and relisting rate (%)"), **config)
    rate.x_labels = [p["platform"] for p in platforms]
    rate.add(_("removal rate"), [p["removal_rate"] for p in platforms])
    rate.add(_("relisting rate"), [p["relisting_rate"] for p in platforms])
    time = pygal.Bar(title=_("Hours to removal"), **config)
    time.x_labels = [p["platform"] for p in platforms]
    time.add(_("median"), [p["median_hours"] for p in platforms])
    time.add(_("90th percentile"), [p["p90_hours"] for p in platforms])
    labels = sorted({m["month"] for m in months})
    per_month = pygal.StackedBar(title=_("Referrals per month"), **config)
    per_month.x_labels = labels
    counts = defaultdict(dict)
    for m in months:
        counts[m["platform"]][m["month"]] = m["referrals"]
    for platform, values in sorted(counts.items()):
        per_month.add(platform, [values.get(label, 0) for label in labels])
    return [
        {"title": _("Removal and relisting rate (%)"), "uri": _data_uri(rate)},
        {"title": _("Hours to removal"), "uri": _data_uri(time)},
        {"title": _("Referrals per month"), "uri": _data_uri(per_month)},
    ]

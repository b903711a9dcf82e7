"""Use of the portal per sector and month, read from the audit log (Action Plan 1.d); for portal admins."""

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncMonth

from portal.audit.models import AuditEvent
from portal.orgs.models import Organisation, Sector

UPLOAD_ACTIONS = ("record.create", "document.attachment.add")
VIEW_ACTIONS = ("record.view", "document.download", "report.download")


def usage_by_month(months: int = 24) -> list[dict]:
    """Rows of month, sector, uploads, views and active organisations (any audited action by a member)."""
    sector_of = dict(Organisation.objects.values_list("pk", "sector"))
    rows = (
        AuditEvent.objects.filter(organisation_id__isnull=False)
        .annotate(month=TruncMonth("at"))
        .values("month", "organisation_id", "action")
        .annotate(n=Count("id"))
        .order_by()
    )
    table = defaultdict(lambda: {"uploads": 0, "views": 0, "orgs": set()})
    for row in rows:
        sector = sector_of.get(row["organisation_id"])
        if sector is None:
            continue
        cell = table[(row["month"].strftime("%Y-%m"), sector)]
        cell["orgs"].add(row["organisation_id"])
        if row["action"] in UPLOAD_ACTIONS:
            cell["uploads"] += row["n"]
        elif row["action"] in VIEW_ACTIONS:
            cell["views"] += row["n"]
    labels = dict(Sector.choices)
    result = [
        {
            "month": month,
            "sector": labels.get(sector, sector),
            "uploads": cell["uploads"],
            "views": cell["views"],
            "active_organisations": len(cell["orgs"]),
        }
        for (month, sector), cell in table.items()
    ]
    result.sort(key=lambda r: (r["month"], str(r["sector"])), reverse=True)
    return result[: months * len(labels)]

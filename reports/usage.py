"""Use of the portal (Action Plan 1.d), for portal admins: figures, never a record.

Per sector and month, uploads, views and active organisations, read from the audit log; per platform, the
median time from referral to removal over every referral; and the spaces where nothing has been shared lately.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.utils import timezone

from portal.access.registry import shareable_entry, shareable_models
from portal.audit.models import AuditEvent
from portal.orgs.models import Organisation, Sector, Space, SpaceMember
from referrals.models import Referral
from reports import takedown

QUIET_DAYS = 60

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


def removal_times() -> list[dict]:
    """Per platform, over every referral in the portal: referrals sent, removals and the median hours to removal."""
    return takedown.by_platform(takedown.rows_of(Referral.bypass_policy.all()))


def quiet_spaces(days: int = QUIET_DAYS) -> list[dict]:
    """Spaces into which no record has been shared or changed for `days` days (or ever), quietest first."""
    last: dict[int, object] = {}

    def note(space_id, when):
        if space_id is not None and when is not None and (space_id not in last or when > last[space_id]):
            last[space_id] = when

    for model in shareable_models():
        for row in model._base_manager.filter(spaces__isnull=False).values("spaces").annotate(at=Max("updated_at")):
            note(row["spaces"], row["at"])
        grants = shareable_entry(model).group_grants.objects.filter(group__space__isnull=False)
        for row in grants.values("group__space").annotate(at=Max("content_object__updated_at")):
            note(row["group__space"], row["at"])
    cutoff = timezone.now() - timedelta(days=days)
    members = dict(SpaceMember.objects.values("space").annotate(n=Count("id")).values_list("space", "n"))
    rows = [
        {"space": space, "members": members.get(space.pk, 0), "last_shared": last.get(space.pk)}
        for space in Space.objects.order_by("name")
        if last.get(space.pk) is None or last[space.pk] < cutoff
    ]
    rows.sort(key=lambda r: (r["last_shared"] is not None, r["last_shared"] or r["space"].created_at))
    return rows

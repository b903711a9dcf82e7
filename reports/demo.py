"""Demo data: the Secretariat's space for submissions and one draft Party report (idempotent)."""

import datetime

from portal.access.models import TLP, Distribution
from portal.orgs.models import Space, SpaceMember, SpaceRole, party_of
from reports.models import PartyReport, PartyReportVersion
from reports.services import secretariat_space_name


def seed_reports(world) -> None:
    secretariat = world.orgs.get("cites-sec")
    space = Space.objects.filter(name=secretariat_space_name()).first()
    if space is None:
        space = Space.objects.create(
            name=secretariat_space_name(),
            description="Demo data: Party submission reports go to the CITES Secretariat through this space.",
            confidential=True,
        )
    if secretariat is not None:
        SpaceMember.objects.get_or_create(space=space, organisation=secretariat, defaults={"role": SpaceRole.ADMIN})
    authority = world.orgs.get("ke-ma")
    party = party_of(authority)
    if authority is None or party is None:
        return
    author = world.users.get("officer@ke-ma.demo") or next(
        (u for u in world.users.values() if getattr(u.membership_or_none, "organisation_id", None) == authority.pk),
        None,
    )
    report, created = PartyReport.bypass_policy.get_or_create(
        owner_org=authority,
        title="Kenya: submission on wildlife crime linked to the Internet, 2026 (demo)",
        defaults={
            "author": author,
            "party": party,
            "period_start": datetime.date(2026, 1, 1),
            "period_end": datetime.date(2026, 12, 31),
            "distribution": Distribution.ORGANISATION,
            "tlp": TLP.GREEN,
            "legislation": "Demo data: the Wildlife Conservation and Management Act is under review.",
            "trends": "Demo data: adverts move from open marketplaces to closed messaging groups.",
        },
    )
    if created:
        PartyReportVersion.objects.create(report=report, number=1, status=report.status, data={}, author=author)

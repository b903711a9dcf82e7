"""How the access sweep and the reports tests make Party reports."""

import datetime

from django.core.files.base import ContentFile

from portal.access.models import TLP, Distribution
from portal.orgs.models import CitesParty


def kenya():
    party, _ = CitesParty.objects.get_or_create(code="KE", defaults={"name": "Kenya"})
    return party


def make_party_report(
    *, owner_org, marker, distribution=Distribution.ORGANISATION, tlp=TLP.AMBER, spaces=(), author=None, **fields
):
    """A Party report with one finished build whose stored file names the report, so downloads can be swept."""
    from reports.models import BuildKind, BuildStatus, PartyReport, ReportBuild

    defaults = {
        "party": kenya(),
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 12, 31),
        "legislation": "Legislation narrative of " + marker,
    }
    defaults.update(fields)
    obj = PartyReport.bypass_policy.create(
        owner_org=owner_org, author=author, title=marker, distribution=distribution, tlp=tlp, **defaults
    )
    obj.spaces.set(spaces)
    requester = author or owner_org.memberships.first().user if owner_org.memberships.exists() else None
    if requester is not None:
        build = ReportBuild(kind=BuildKind.PARTY, report=obj, requested_by=requester, status=BuildStatus.DONE, tlp=tlp)
        build.file.save(f"sweep-{obj.pk}.pdf", ContentFile(f"%PDF-1.4\n% {marker}\n%%EOF\n".encode()), save=False)
        build.save()
    return obj

"""Factories of Party reports and their builds."""

import datetime

import factory
from django.core.files.base import ContentFile

from reports.models import BuildKind, BuildStatus, PartyReport, ReportBuild
from tests.access.factories import ShareableFactory
from tests.orgs.factories import CitesPartyFactory


class ReportBuildFactory(factory.django.DjangoModelFactory):
    """A finished build of a Party report whose stored PDF holds `marker`."""

    class Meta:
        model = ReportBuild

    class Params:
        marker = factory.SelfAttribute("report.title")

    kind = BuildKind.PARTY
    status = BuildStatus.DONE
    tlp = factory.SelfAttribute("report.tlp")
    file = factory.LazyAttribute(
        lambda o: ContentFile(f"%PDF-1.4\n% {o.marker}\n%%EOF\n".encode(), name=f"sweep-{o.report.pk}.pdf")
    )


class PartyReportFactory(ShareableFactory):
    """A Party report of Kenya with one finished build (requested by the author or the owner's first member, if
    the owner has members), so downloads can be swept."""

    class Meta:
        model = PartyReport
        skip_postgeneration_save = True

    party = factory.SubFactory(CitesPartyFactory)
    title = factory.SelfAttribute("marker")
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    legislation = factory.LazyAttribute(lambda o: f"Legislation narrative of {o.marker}")

    @factory.post_generation
    def build(obj, create, extracted, **kwargs):
        if not create or not obj.owner_org.memberships.exists():
            return
        requester = obj.author or obj.owner_org.memberships.first().user
        ReportBuildFactory(report=obj, requested_by=requester)

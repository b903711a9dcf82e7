"""Every factory of the suite (each defined in its app's tests/<app>/factories.py), the logged-in client, and per
shareable model the factory the access sweep makes one record with."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.orgs.models import Role
from tests.access.factories import ShareableFactory
from tests.bulletins.factories import BulletinFactory
from tests.cases.factories import (
    AdvertCodeWordHitFactory,
    AdvertFactory,
    AdvertImportFactory,
    CaseFactory,
    CaseSpeciesFactory,
    CaseStatusChangeFactory,
    EvidenceFactory,
    PersonFactory,
    PlatformFactory,
    ProsecutionFactory,
    SeizureFactory,
)
from tests.lexicon.factories import CitesCodeFactory, CodeWordFactory, TaxonFactory
from tests.library.factories import AttachmentFactory, DocumentFactory, LegislationEntryFactory, SpocProfileFactory
from tests.notifications.factories import SubscriptionFactory
from tests.orgs.factories import (
    CitesPartyFactory,
    MembershipFactory,
    OrganisationFactory,
    SpaceFactory,
    SpaceMemberFactory,
    UserFactory,
)
from tests.referrals.factories import ReferralFactory, VolunteerReportFactory
from tests.reports.factories import PartyReportFactory, ReportBuildFactory

__all__ = [
    "AdvertCodeWordHitFactory",
    "AdvertFactory",
    "AdvertImportFactory",
    "AttachmentFactory",
    "BulletinFactory",
    "CaseFactory",
    "CaseSpeciesFactory",
    "CaseStatusChangeFactory",
    "CitesCodeFactory",
    "CitesPartyFactory",
    "CodeWordFactory",
    "DocumentFactory",
    "EvidenceFactory",
    "LegislationEntryFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "PartyReportFactory",
    "PersonFactory",
    "PlatformFactory",
    "ProsecutionFactory",
    "ReferralFactory",
    "ReportBuildFactory",
    "SeizureFactory",
    "ShareableFactory",
    "SpaceFactory",
    "SpaceMemberFactory",
    "SpocProfileFactory",
    "SubscriptionFactory",
    "TaxonFactory",
    "UserFactory",
    "VolunteerReportFactory",
    "SHAREABLE_FACTORIES",
    "client_for",
    "count_queries",
    "member",
    "space",
]


def client_for(user) -> Client:
    """A test client logged in as this user."""
    client = Client()
    client.force_login(user)
    return client


def count_queries(client, url) -> int:
    """The number of queries a GET of url makes (it must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def member(org=None, *, role=Role.CONTRIBUTOR, vetted=True, spoc=False, **user_kwargs):
    """A user with a membership in org (a new enforcement organisation if none)."""
    organisation = {"organisation": org} if org else {}
    membership = MembershipFactory(
        user=UserFactory(**user_kwargs), role=role, vetted=vetted, is_spoc=spoc, **organisation
    )
    return membership.user


def space(*members, name=None, allowed_sectors=(), confidential=False, admins=()):
    """A space whose members are these organisations and users."""
    names = {"name": name} if name else {}
    return SpaceFactory(
        members=members, admins=admins, allowed_sectors=list(allowed_sectors), confidential=confidential, **names
    )


# model label -> factory called with owner_org=, marker=, distribution=, tlp=, spaces=.
# Every registered shareable model needs one; the sweep fails for a model that has none.
SHAREABLE_FACTORIES = {
    "bulletins.Bulletin": BulletinFactory,
    "library.Document": DocumentFactory,
    "library.LegislationEntry": LegislationEntryFactory,
    "lexicon.CodeWord": CodeWordFactory,
    "reports.PartyReport": PartyReportFactory,
    "cases.Case": CaseFactory,
    "cases.Advert": AdvertFactory,
    "cases.Seizure": SeizureFactory,
    "cases.Person": PersonFactory,
    "cases.Prosecution": ProsecutionFactory,
    "cases.Evidence": EvidenceFactory,
    "referrals.Referral": ReferralFactory,
    "referrals.VolunteerReport": VolunteerReportFactory,
}

"""factory_boy factories and, per shareable model, how the access sweep makes one record of it."""

import itertools

import factory
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.access.models import TLP, Distribution
from portal.orgs.models import Membership, Organisation, Role, Sector, Space, SpaceMember
from tests.cases.factories import (
    make_advert,
    make_case,
    make_evidence,
    make_person,
    make_prosecution,
    make_seizure,
)
from tests.lexicon.factories import make_codeword
from tests.referrals.factories import make_referral, make_volunteer_report
from tests.reports.factories import make_party_report

_seq = itertools.count()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    sector = Sector.ENFORCEMENT
    country = "KE"
    approved = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


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
    org = org or OrganisationFactory()
    user = UserFactory(**user_kwargs)
    Membership.objects.create(user=user, organisation=org, role=role, vetted=vetted, is_spoc=spoc)
    return user


def space(*members, name=None, allowed_sectors=(), confidential=False, admins=()):
    s = Space.objects.create(
        name=name or f"Space {next(_seq)}", allowed_sectors=list(allowed_sectors), confidential=confidential
    )
    for m in members:
        if isinstance(m, Organisation):
            SpaceMember.objects.create(space=s, organisation=m)
        else:
            SpaceMember.objects.create(space=s, user=m)
    for a in admins:
        SpaceMember.objects.update_or_create(space=s, user=a, defaults={"role": "admin"})
    return s


def make_bulletin(*, owner_org, marker, distribution=Distribution.ORGANISATION, tlp=TLP.AMBER, spaces=(), author=None):
    from portal.bulletins.models import Bulletin

    obj = Bulletin.bypass_policy.create(
        owner_org=owner_org,
        author=author,
        title=marker,
        body="Body of " + marker,
        distribution=distribution,
        tlp=tlp,
        persons_of_interest=f"Seller handle of {marker}",
    )
    obj.spaces.set(spaces)
    return obj


def make_document(*, owner_org, marker, distribution=Distribution.ORGANISATION, tlp=TLP.AMBER, spaces=(), author=None):
    """A document with one small PDF whose bytes contain the marker, so the download path can be swept."""
    import hashlib

    from django.core.files.base import ContentFile

    from portal.library.models import Attachment, Document

    obj = Document.bypass_policy.create(
        owner_org=owner_org, author=author, kind="sop", title=marker, body="Body of " + marker,
        distribution=distribution, tlp=tlp,
    )  # fmt: skip
    obj.spaces.set(spaces)
    content = f"%PDF-1.4\n% {marker}\n%%EOF\n".encode()
    attachment = Attachment(
        document=obj, name="sweep.pdf", content_type="application/pdf", size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )  # fmt: skip
    attachment.file.save("sweep.pdf", ContentFile(content), save=False)
    attachment.save()
    return obj


def make_legislation_entry(
    *, owner_org, marker, distribution=Distribution.ORGANISATION, tlp=TLP.AMBER, spaces=(), author=None
):
    from portal.library.models import LegislationEntry
    from portal.orgs.models import CitesParty

    party, _ = CitesParty.objects.get_or_create(code="KE", defaults={"name": "Kenya"})
    obj = LegislationEntry.bypass_policy.create(
        owner_org=owner_org, author=author, party=party, title=marker, distribution=distribution, tlp=tlp
    )
    obj.spaces.set(spaces)
    return obj


# model label -> function(owner_org=, marker=, distribution=, tlp=, spaces=) -> record.
# Every registered shareable model needs one; the sweep fails for a model that has none.
SHAREABLE_FACTORIES = {
    "bulletins.Bulletin": make_bulletin,
    "library.Document": make_document,
    "library.LegislationEntry": make_legislation_entry,
    "lexicon.CodeWord": make_codeword,
    "reports.PartyReport": make_party_report,
    "cases.Case": make_case,
    "cases.Advert": make_advert,
    "cases.Seizure": make_seizure,
    "cases.Person": make_person,
    "cases.Prosecution": make_prosecution,
    "cases.Evidence": make_evidence,
    "referrals.Referral": make_referral,
    "referrals.VolunteerReport": make_volunteer_report,
}

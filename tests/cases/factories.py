"""Factories of cases, their records (adverts, seizures, persons, prosecutions, evidence), platforms and imports."""

import hashlib

import factory
from django.core.files.base import ContentFile

from cases.models import (
    Advert,
    AdvertCodeWordHit,
    AdvertImport,
    Case,
    CaseSpecies,
    CaseStatusChange,
    Evidence,
    Person,
    Platform,
    Prosecution,
    Seizure,
)
from tests.access.factories import ShareableFactory
from tests.lexicon.factories import CodeWordFactory, TaxonFactory
from tests.orgs.factories import OrganisationFactory, UserFactory


class CaseFactory(ShareableFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"ZZ-2026-{n + 1:05d}")
    title = factory.SelfAttribute("marker")
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.marker}")
    country = "KE"


class CaseChildFactory(ShareableFactory):
    """A record of a case; without case= a new case of the same owner, distribution, TLP and spaces."""

    class Meta:
        abstract = True

    case = factory.SubFactory(
        CaseFactory,
        owner_org=factory.SelfAttribute("..owner_org"),
        marker=factory.LazyAttribute(lambda o: f"case of {o.factory_parent.marker}"),
        distribution=factory.SelfAttribute("..distribution"),
        tlp=factory.SelfAttribute("..tlp"),
        spaces=factory.SelfAttribute("..spaces"),
    )


class AdvertFactory(CaseChildFactory):
    class Meta:
        model = Advert

    title = factory.SelfAttribute("marker")
    text = "Offer"
    seller_handle = factory.LazyAttribute(lambda o: f"seller-of-{o.marker}")


class SeizureFactory(CaseChildFactory):
    class Meta:
        model = Seizure

    place = factory.SelfAttribute("marker")


class PersonFactory(CaseChildFactory):
    class Meta:
        model = Person

    description = factory.SelfAttribute("marker")
    names = factory.LazyAttribute(lambda o: f"Name of {o.marker}")
    phone_numbers = "+254712000111"


class ProsecutionFactory(CaseChildFactory):
    class Meta:
        model = Prosecution

    court = factory.SelfAttribute("marker")


class EvidenceFactory(CaseChildFactory):
    """Evidence with one small PDF whose bytes contain the marker, so the download path can be swept."""

    class Meta:
        model = Evidence

    class Params:
        content = factory.LazyAttribute(lambda o: f"%PDF-1.4\n% {o.marker}\n%%EOF\n".encode())

    description = factory.SelfAttribute("marker")
    name = "sweep.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="sweep"))


class CaseSpeciesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseSpecies

    case = factory.SubFactory(CaseFactory)
    taxon = factory.SubFactory(TaxonFactory)


class CaseStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStatusChange

    case = factory.SubFactory(CaseFactory)
    from_status = ""
    to_status = "open"


class PlatformFactory(factory.django.DjangoModelFactory):
    """The sweep's platform unless named otherwise; got if one of that name exists."""

    class Meta:
        model = Platform
        django_get_or_create = ("name",)

    name = "Sweep platform"
    organisation = None


class AdvertCodeWordHitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvertCodeWordHit

    advert = factory.SubFactory(AdvertFactory)
    code_word = factory.SubFactory(CodeWordFactory)
    start = 0
    end = 2


class AdvertImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvertImport

    uploaded_by = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    file = "imports/none.csv"
    original_name = "adverts.csv"
    file_format = "csv"

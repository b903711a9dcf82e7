"""Factories of taxa and code words."""

import factory

from lexicon.models import CitesCode, CodeWord, Taxon
from tests.access.factories import ShareableFactory

# The access sweep gives every swept code word this term, so that a scan of this text names each visible code
# word (by its meaning) and no hidden one; and this taxon, so that the taxon page can be swept too.
SWEEP_TERM = "sweepterm"
SWEEP_SCAN_TEXT = f"offer {SWEEP_TERM} today"
SWEEP_TAXON = "Sweepia markeri"


class TaxonFactory(factory.django.DjangoModelFactory):
    """The sweep's taxon unless named otherwise; got if one of that name exists."""

    class Meta:
        model = Taxon
        django_get_or_create = ("scientific_name",)

    scientific_name = SWEEP_TAXON


class CitesCodeFactory(factory.django.DjangoModelFactory):
    """A CITES code of a kind; got if that kind and code exist."""

    class Meta:
        model = CitesCode
        django_get_or_create = ("kind", "code")

    description = factory.SelfAttribute("code")


class CodeWordFactory(ShareableFactory):
    """A releasable code word whose meaning is the marker; the sweep's scans look for SWEEP_TERM."""

    class Meta:
        model = CodeWord

    term = SWEEP_TERM
    language = "en"
    gloss = factory.SelfAttribute("marker")
    releasable = True
    taxon = factory.SubFactory(TaxonFactory)

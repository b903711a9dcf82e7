"""Taxa pages: reference data for vetted members, searchable by any name; code words listed through the policy."""

import pytest
from django.test import Client
from django.urls import reverse

from lexicon.models import CitesCode, Taxon
from portal.access.models import Distribution
from tests.factories import CodeWordFactory, client_for


@pytest.fixture
def taxa(db):

    return Taxon.objects.get(scientific_name="Loxodonta africana")


def test_the_taxa_page_lists_the_starter_list_and_the_cites_codes(cast, taxa):
    body = client_for(cast.outsider).get(reverse("lexicon:taxa")).content.decode()
    assert "Loxodonta africana" in body and "Manis" in body
    assert CitesCode.objects.filter(code="IVC").exists() and "<code>IVC</code>" in body


@pytest.mark.parametrize("query", ["loxodonta", "African elephant", "非洲象"])
def test_taxa_are_found_by_scientific_or_common_name_in_any_script(cast, taxa, query):
    body = client_for(cast.outsider).get(reverse("lexicon:taxa"), {"q": query}).content.decode()
    assert "Loxodonta africana" in body
    assert "Ceratotherium simum" not in body


def test_taxa_filter_by_appendix_and_refuse_an_unknown_one(cast, taxa):
    client = client_for(cast.outsider)
    body = client.get(reverse("lexicon:taxa"), {"appendix": "II"}).content.decode()
    assert "Psittacus erithacus" not in body  # Appendix I since 2017
    response = client.get(reverse("lexicon:taxa"), {"appendix": "IX"})
    assert response.status_code == 400 and "IX" in response.content.decode()


def test_taxa_pages_are_for_vetted_members(cast, taxa):
    assert client_for(cast.unvetted).get(reverse("lexicon:taxa")).status_code in (302, 403)
    assert client_for(cast.unvetted).get(reverse("lexicon:taxon", args=[taxa.pk])).status_code in (302, 403)
    assert Client().get(reverse("lexicon:taxa")).status_code == 302
    assert client_for(cast.outsider).get(reverse("lexicon:taxon", args=[987654])).status_code == 404


def test_a_taxon_page_lists_only_the_code_words_the_user_may_see(cast, taxa):
    shown = CodeWordFactory(
        owner_org=cast.owner_org, marker="GLOSS-shown", distribution=Distribution.COMMUNITY, taxon=taxa
    )
    CodeWordFactory(owner_org=cast.owner_org, marker="GLOSS-hidden", taxon=taxa)
    body = client_for(cast.outsider).get(reverse("lexicon:taxon", args=[taxa.pk])).content.decode()
    assert shown.gloss in body and "GLOSS-hidden" not in body
    assert "1 code word you may see" in body
    owner_body = client_for(cast.owner_reader).get(reverse("lexicon:taxon", args=[taxa.pk])).content.decode()
    assert "GLOSS-hidden" in owner_body and "2 code words you may see" in owner_body

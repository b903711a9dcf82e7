"""The case list page and API list: what a row names, the capped count and pages past it, constant queries."""

import decimal

import pytest
from django.urls import reverse

from cases.views import CaseListView
from lexicon.models import CodeKind, Taxon
from portal.access.models import TLP, Distribution
from tests.factories import (
    CaseFactory,
    CaseSpeciesFactory,
    CitesCodeFactory,
    CodeWordFactory,
    PlatformFactory,
    TaxonFactory,
    client_for,
    count_queries,
)

pytestmark = pytest.mark.django_db


def _linked_case(cast, marker, *, hidden_case=None):
    """A case shared into both spaces, with a platform, a species, a visible and a hidden code word and a
    visible and a hidden related case."""
    case = CaseFactory(
        owner_org=cast.owner_org, marker=marker, distribution=Distribution.SPACES, tlp=TLP.AMBER,
        spaces=[cast.space, cast.other_space], origin_countries=["VN", "CN"], modus_operandi=["code_words"],
    )  # fmt: skip
    platform = PlatformFactory(name="Marketplace X")
    case.platforms.add(platform)
    taxon = Taxon.objects.order_by("pk").first() or TaxonFactory(scientific_name="Manis javanica")
    term = CitesCodeFactory(kind=CodeKind.TERM, code="SCA", description="scales")
    unit = CitesCodeFactory(kind=CodeKind.UNIT, code="kg", description="kilograms")
    CaseSpeciesFactory(case=case, taxon=taxon, term_code=term, unit=unit, quantity=decimal.Decimal("2.5"))
    visible_word = CodeWordFactory(owner_org=cast.owner_org, marker=f"word of {marker}", distribution="community")
    hidden_word = CodeWordFactory(owner_org=cast.outsider_org, marker=f"hidden word of {marker}")
    case.code_words.set([visible_word, hidden_word])
    related = CaseFactory(owner_org=cast.owner_org, marker=f"related to {marker}", distribution=Distribution.COMMUNITY)
    hidden_case = hidden_case or CaseFactory(owner_org=cast.outsider_org, marker=f"hidden related to {marker}")
    case.related_cases.set([related, hidden_case])
    return case, {"code_words": [visible_word.pk], "related_cases": [related.pk], "spaces": [cast.space.pk]}


def test_an_api_list_row_is_the_detail_serializers_output_and_names_only_visible_links(cast):
    case, expected = _linked_case(cast, "Scales ring")
    client = client_for(cast.space_member)
    rows = {row["id"]: row for row in client.get(reverse("api:case-list")).json()["results"]}
    detail = client.get(reverse("api:case-detail", args=[case.pk])).json()
    assert rows[case.pk] == detail
    row = rows[case.pk]
    assert row["code_words"] == expected["code_words"]
    assert row["related_cases"] == expected["related_cases"]
    assert row["spaces"] == expected["spaces"]  # the space the viewer is in, not the other one
    assert row["species"][0]["quantity"] == "2.500" and row["species"][0]["unit"] == "kg"
    assert row["origin_countries"] == ["CN", "VN"]


def test_the_owner_sees_all_links_of_its_case(cast):
    case, _ = _linked_case(cast, "Owner's case")
    client = client_for(cast.owner_editor)
    row = next(r for r in client.get(reverse("api:case-list")).json()["results"] if r["id"] == case.pk)
    assert len(row["code_words"]) == 1  # the outsider's organisation-only word stays hidden even from the owner
    assert len(row["related_cases"]) == 1
    assert sorted(row["spaces"]) == [cast.space.pk]  # the owner organisation is a member of the task force only


@pytest.mark.parametrize("url_name", ["cases:list", "api:case-list"])
@pytest.mark.parametrize("viewer", ["owner_editor", "space_member", "outsider"])
def test_query_counts_stay_constant_with_links_species_and_spaces(cast, url_name, viewer):
    client = client_for(getattr(cast, viewer))
    url = reverse(url_name)
    hidden = CaseFactory(owner_org=cast.outsider_org, marker="hidden related")
    for i in range(2):
        _linked_case(cast, f"Few {i}", hidden_case=hidden)
    count_queries(client, url)  # warm the per-process caches (content types, permissions)
    few = count_queries(client, url)
    for i in range(12):
        _linked_case(cast, f"Many {i}", hidden_case=hidden)
    assert count_queries(client, url) == few


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 3 cases, counted up to 5."""
    monkeypatch.setattr(CaseListView, "paginate_by", 3)
    monkeypatch.setattr(CaseListView, "count_cap", 5)


def _community_cases(cast, n, prefix="Listed"):
    return [
        CaseFactory(owner_org=cast.owner_org, marker=f"{prefix} {i:02d}", distribution=Distribution.COMMUNITY)
        for i in range(n)
    ]


def test_the_page_says_more_than_the_cap_and_pages_past_it_still_open(cast, small_pages):
    _community_cases(cast, 8)
    client = client_for(cast.outsider)
    first = client.get(reverse("cases:list"))
    assert "5+ records" in first.content.decode()
    third = client.get(reverse("cases:list"), {"page": 3})  # rows 7 and 8: past the cap of 5
    body = third.content.decode()
    assert third.status_code == 200
    assert "Listed 01" in body and "Listed 00" in body  # newest first: the two oldest are last
    assert "page=4" not in body  # no next page
    assert client.get(reverse("cases:list"), {"page": 4}).status_code == 404


def test_hidden_cases_are_neither_counted_nor_paged(cast, small_pages):
    _community_cases(cast, 4)
    for i in range(6):
        CaseFactory(owner_org=cast.owner_org, marker=f"Hidden {i}")  # organisation only
    client = client_for(cast.outsider)
    body = client.get(reverse("cases:list")).content.decode()
    assert "4 records" in body and "+ records" not in body
    assert client.get(reverse("cases:list"), {"page": 3}).status_code == 404


# Not named "page": pytest-playwright would take it for its fixture, parametrize the test by browser and
# move the browser tests (which empty the database) in among the others.
@pytest.mark.parametrize("number", ["abc", "0", "-1", "99999999999999999999999999", "1.5"])
def test_a_bad_page_number_is_not_found_not_a_server_error(cast, small_pages, number):
    _community_cases(cast, 8)
    client = client_for(cast.outsider)
    assert client.get(reverse("cases:list"), {"page": number}).status_code == 404
    assert client.get(reverse("api:case-list"), {"page": number}).status_code == 404


def test_the_api_says_when_its_count_is_capped_and_pages_past_the_cap(cast, monkeypatch):
    from cases.api.views import CasePagination

    monkeypatch.setattr(CasePagination, "count_cap", 5)
    _community_cases(cast, 8)
    client = client_for(cast.outsider)
    first = client.get(reverse("api:case-list"), {"page_size": 3}).json()
    assert (first["count"], first["count_capped"]) == (5, True)
    third = client.get(reverse("api:case-list"), {"page_size": 3, "page": 3}).json()
    assert [row["title"] for row in third["results"]] == ["Listed 01", "Listed 00"]
    assert third["next"] is None and third["previous"]

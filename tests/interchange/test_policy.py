"""Nothing leaves in STIX that the policy hides: visible_to for every record and child, the portal's one
redaction for persons and sellers, 404 for a hidden record, and lists that equal the filtered list pages."""

import json

import pytest
from django.urls import reverse

from interchange.stix.extensions import PROPERTIES_EXTENSION_ID
from portal.access.models import TLP, Distribution
from portal.access.policy import REDACTED
from tests.factories import AdvertFactory, CaseFactory, CodeWordFactory, PersonFactory, client_for
from tests.interchange.stix import objects, of_type

pytestmark = pytest.mark.django_db

COMMUNITY = {"distribution": Distribution.COMMUNITY, "tlp": TLP.GREEN}


@pytest.fixture
def case_with_person(cast):
    case = CaseFactory(owner_org=cast.owner_org, marker="Pangolin scales", **COMMUNITY)
    person = PersonFactory(
        owner_org=cast.owner_org, marker="Courier of the Lagos route", case=case,
        account_handles="@scales_dealer", email="dealer@example.org", nationality="NG", **COMMUNITY,
    )  # fmt: skip
    AdvertFactory(owner_org=cast.owner_org, marker="Scales for sale", case=case, **COMMUNITY)
    return case, person


def _person(user, case):
    items = objects(client_for(user).get(reverse("interchange:case", args=[case.pk])))
    (person,) = [i for i in of_type(items, "identity") if i["identity_class"] == "individual"]
    (seller,) = of_type(items, "user-account")
    return person, seller, json.dumps(items)


def test_an_ngo_reader_gets_the_person_redacted_as_on_the_page(cast, case_with_person):
    case, person = case_with_person
    identity, seller, body = _person(cast.space_member, case)  # an NGO member
    portal = identity["extensions"][PROPERTIES_EXTENSION_ID]
    assert identity["name"] == "Courier of the Lagos route"
    assert {portal[key] for key in ("names", "phone_numbers", "account_handles", "email", "nationality")} == {REDACTED}
    assert identity["contact_information"] == f"{REDACTED}\n{REDACTED}"
    assert seller["display_name"] == REDACTED and "account_login" not in seller
    for secret in ("Name of Courier", "+254712000111", "@scales_dealer", "dealer@example.org", "seller-of-Scales"):
        assert secret not in body


def test_an_enforcement_reader_gets_the_person_in_full(cast, case_with_person):
    case, person = case_with_person
    identity, seller, body = _person(cast.outsider, case)  # another enforcement agency
    portal = identity["extensions"][PROPERTIES_EXTENSION_ID]
    assert identity["name"] == "Name of Courier of the Lagos route"
    assert (portal["phone_numbers"], portal["account_handles"], portal["nationality"]) == (
        "+254712000111", "@scales_dealer", "NG",
    )  # fmt: skip
    assert seller["account_login"] == "seller-of-Scales for sale"


def test_a_red_record_is_absent_for_someone_outside_the_organisation(cast):
    red = CaseFactory(owner_org=cast.owner_org, marker="Red operation", tlp=TLP.RED)
    CaseFactory(owner_org=cast.owner_org, marker="Shared case", **COMMUNITY)
    outsider = client_for(cast.outsider)
    assert outsider.get(reverse("interchange:case", args=[red.pk])).status_code == 404
    assert outsider.get(reverse("api:stix-case-detail", args=[red.pk])).status_code == 404
    for url in (reverse("interchange:case-list"), reverse("api:stix-case-list")):
        names = [g["name"] for g in of_type(objects(outsider.get(url)), "grouping")]
        assert names == [f"{make_case_reference(cast, 'Shared case')} Shared case"]
    owner = objects(client_for(cast.owner_reader).get(reverse("interchange:case", args=[red.pk])))
    (grouping,) = of_type(owner, "grouping")
    assert "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1" in grouping["object_marking_refs"]


def make_case_reference(cast, title):
    from cases.models import Case

    return Case.bypass_policy.get(title=title).reference


def test_a_hidden_child_record_is_absent_from_its_case_grouping(cast):
    case = CaseFactory(owner_org=cast.owner_org, marker="Open case", **COMMUNITY)
    shown = AdvertFactory(owner_org=cast.owner_org, marker="Shown advert", case=case, **COMMUNITY)
    hidden = AdvertFactory(owner_org=cast.owner_org, marker="Undercover advert", case=case)  # organisation only
    items = objects(client_for(cast.outsider).get(reverse("interchange:case", args=[case.pk])))
    (grouping,) = of_type(items, "grouping")
    assert f"observed-data--{shown.stix_id}" in grouping["object_refs"]
    assert f"observed-data--{hidden.stix_id}" not in grouping["object_refs"]
    assert "Undercover advert" not in json.dumps(items) and str(hidden.stix_id) not in json.dumps(items)
    owner = objects(client_for(cast.owner_reader).get(reverse("interchange:case", args=[case.pk])))
    assert f"observed-data--{hidden.stix_id}" in of_type(owner, "grouping")[0]["object_refs"]


def test_the_case_list_export_equals_the_filtered_list_page(cast):
    for n, status in enumerate(("open", "open", "closed", "open")):
        CaseFactory(owner_org=cast.owner_org, marker=f"Rhino horn lot {n}", status=status, **COMMUNITY)
    CaseFactory(owner_org=cast.owner_org, marker="Parrots", **COMMUNITY)
    CaseFactory(owner_org=cast.outsider_org, marker="Rhino horn elsewhere")  # hidden from the reader
    client = client_for(cast.space_member)
    query = {"q": "rhino", "status": "open"}
    page = client.get(reverse("cases:list"), query)
    listed = {f"grouping--{case.stix_id}" for case in page.context["object_list"]}
    exported = {g["id"] for g in of_type(objects(client.get(reverse("interchange:case-list"), query)), "grouping")}
    assert exported == listed and len(listed) == 3
    api = client.get(reverse("api:case-list"), {"q": "rhino", "status": "open"}).json()["results"]
    api_stix = objects(client.get(reverse("api:stix-case-list"), {"q": "rhino", "status": "open"}))
    assert {g["name"] for g in of_type(api_stix, "grouping")} == {f"{c['reference']} {c['title']}" for c in api}


def test_the_code_word_list_export_equals_the_filtered_list_page(cast):
    for term, category in (("XY", "abbreviation"), ("XJ", "abbreviation"), ("jelly", "substitute")):
        CodeWordFactory(owner_org=cast.owner_org, marker=f"means {term}", term=term, category=category, **COMMUNITY)
    client = client_for(cast.outsider)
    query = {"category": "abbreviation"}
    page = client.get(reverse("lexicon:list"), query)
    listed = [f"indicator--{word.stix_id}" for word in page.context["object_list"]]
    exported = [i["id"] for i in of_type(objects(client.get(reverse("interchange:codeword-list"), query)), "indicator")]
    assert exported == listed and len(listed) == 2


def test_a_platform_receives_only_releasable_code_words(cast):
    CodeWordFactory(owner_org=cast.owner_org, marker="releasable", term="XY", **COMMUNITY)
    CodeWordFactory(owner_org=cast.owner_org, marker="kept back", term="XJ", releasable=False, **COMMUNITY)
    items = objects(client_for(cast.other_sector).get(reverse("api:stix-codeword-list")))
    assert [i["description"] for i in of_type(items, "indicator")] == ["releasable"]


def test_a_bad_filter_is_refused_not_dropped(cast):
    response = client_for(cast.owner_reader).get(reverse("interchange:case-list"), {"status": "nonsense"})
    assert response.status_code == 400 and b"status" in response.content


def test_the_api_answers_a_stix_client_and_pages_the_list(cast):
    for n in range(3):
        CodeWordFactory(owner_org=cast.owner_org, marker=f"word {n}", term=f"term{n}", **COMMUNITY)
    client = client_for(cast.owner_reader)
    response = client.get(
        reverse("api:stix-codeword-list"), {"page_size": 2}, HTTP_ACCEPT="application/stix+json;version=2.1"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/stix+json;version=2.1"
    assert len(of_type(objects(response), "indicator")) == 2 and 'rel="next"' in response["Link"]


def test_a_list_export_costs_the_same_queries_for_three_cases_or_nine(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.outsider)
    url = reverse("interchange:case-list")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for i in range(n):
            case = CaseFactory(owner_org=cast.owner_org, marker=f"Lot {i}", **COMMUNITY)
            AdvertFactory(owner_org=cast.owner_org, marker=f"Advert {i}", case=case, **COMMUNITY)
            PersonFactory(owner_org=cast.owner_org, marker=f"Person {i}", case=case, **COMMUNITY)

    add(3)
    few = queries()
    add(6)
    assert queries() == few

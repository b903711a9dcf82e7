"""Contacts (the SPOC directory) in the search box: the directory's own rule, vetted members only.

A sweep of the cast over every path that serves search hits (page, API), then the index following changes
made anywhere a contact's text lives (user, organisation, profile) and the contact flag itself.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.orgs.models import Membership, Sector
from portal.orgs.spoc import spoc_directory
from portal.search.services import Filters, search
from tests.conftest import CAST_NAMES
from tests.factories import OrganisationFactory, SpocProfileFactory, client_for, member

pytestmark = pytest.mark.django_db

NAMES = ("Neo Kgosi Zebrafinch", "Pending Zebrafinch", "Plain Zebrafinch", "Gone Zebrafinch")


@pytest.fixture
def contacts(cast):
    org = OrganisationFactory(name="Okavango Wildlife Unit", acronym="OWU", sector=Sector.ENFORCEMENT, country="BW")
    spoc = member(org, spoc=True, full_name="Neo Kgosi Zebrafinch", email="neo@owu.test")
    SpocProfileFactory(membership=spoc.membership, role_title="Liaison", languages="Setswana, English")
    pending = member(org, spoc=True, vetted=False, full_name="Pending Zebrafinch", email="pending@owu.test")
    plain = member(org, full_name="Plain Zebrafinch", email="plain@owu.test")
    gone = member(org, spoc=True, full_name="Gone Zebrafinch", email="gone@owu.test")
    gone.is_active = False
    gone.save()
    return {"spoc": spoc, "pending": pending, "plain": plain, "gone": gone}


def contact_titles(user, q="zebrafinch"):
    return {hit.title for hit in search(user, Filters(q=q)).hits if hit.type == "orgs.membership"}


def test_the_sweep_page_and_api_show_contacts_exactly_as_the_directory_does(cast, contacts):
    for name in CAST_NAMES:
        user = getattr(cast, name)
        expected = {m.user.full_name for m in spoc_directory(viewer=user) if "Zebrafinch" in m.user.full_name}
        assert expected == ({"Neo Kgosi Zebrafinch"} if name not in ("unvetted", "anonymous") else set()), name
        client = client_for(user) if user.is_authenticated else Client()
        page = client.get(reverse("search:results"), {"q": "zebrafinch"})
        api = client.get(reverse("api:search"), {"q": "zebrafinch"})
        for response in (page, api):
            if response.status_code == 302:
                assert name in ("unvetted", "anonymous") and "login" in response.url
                continue
            assert response.status_code == 200, (name, response.status_code)
            body = response.content.decode()
            shown = {n for n in NAMES if n in body}
            assert shown == expected, (name, shown)
            for private in ("neo@owu.test", "pending@owu.test", "plain@owu.test", "gone@owu.test"):
                if name in ("unvetted", "anonymous"):
                    assert private not in body


def test_contacts_are_found_by_organisation_acronym_role_and_language(cast, contacts):
    for q in ("okavango", "owu", "liaison", "setswana", "neo@owu.test"):
        assert contact_titles(cast.outsider, q) == {"Neo Kgosi Zebrafinch"}, q
    hit = next(h for h in search(cast.outsider, Filters(q="setswana")).hits if h.type == "orgs.membership")
    assert hit.type_label == "contact" and "<mark>Setswana</mark>" in hit.snippet
    assert hit.url.startswith(reverse("orgs:spoc-list")) and hit.owner == "Okavango Wildlife Unit (OWU)"
    assert hit.tlp is None
    found = search(cast.outsider, Filters(q="zebrafinch"))
    assert found.facets["type"]["orgs.membership"] == {"label": "contacts", "count": 1, "capped": False}
    assert found.facets["country"] == {"BW": 1}


def test_the_index_follows_the_contact_wherever_its_text_lives(cast, contacts):
    spoc = contacts["spoc"]
    spoc.full_name = "Neo Mmusi Zebrafinch"
    spoc.save()
    assert contact_titles(cast.outsider, "mmusi") == {"Neo Mmusi Zebrafinch"}
    org = spoc.membership.organisation
    org.name = "Chobe Anti-Poaching"
    org.save()
    assert contact_titles(cast.outsider, "chobe") == {"Neo Mmusi Zebrafinch"}
    assert contact_titles(cast.outsider, "okavango") == set()
    profile = spoc.membership.spoc_profile
    profile.languages = "Sesotho"
    profile.save()
    assert contact_titles(cast.outsider, "sesotho") == {"Neo Mmusi Zebrafinch"}
    Membership.objects.filter(pk=spoc.membership.pk).update(is_spoc=False)
    Membership.objects.get(pk=spoc.membership.pk).save()  # no longer a contact point: out of the index
    assert contact_titles(cast.outsider) == set()


def test_a_login_does_not_rewrite_the_index(cast, contacts, django_assert_num_queries):
    spoc = contacts["spoc"]
    spoc.last_login = timezone.now()
    with django_assert_num_queries(1):
        spoc.save(update_fields=["last_login"])


def test_contacts_stay_out_of_feeds_and_spaces(cast, contacts):
    since = timezone.now() - timezone.timedelta(days=1)
    assert not [h for h in search(cast.outsider, Filters(since=since)).hits if h.type == "orgs.membership"]
    assert not [
        h
        for h in search(cast.outsider, Filters(q="zebrafinch", space=cast.space.pk)).hits
        if h.type == "orgs.membership"
    ]


def test_a_contact_without_a_name_links_to_a_directory_page_that_lists_it(cast, contacts):
    nameless = member(contacts["spoc"].membership.organisation, spoc=True, full_name="", email="desk-42@owu.test")
    client = client_for(cast.outsider)
    hits = [hit for hit in search(cast.outsider, Filters(q="desk")).hits if hit.type == "orgs.membership"]
    assert [hit.obj.pk for hit in hits] == [nameless.membership.pk]
    page = client.get(hits[0].url)
    assert page.status_code == 200 and [m.pk for m in page.context["contacts"]] == [nameless.membership.pk]

"""The legislation matrix: kept by CITES authorities, compared across Parties, sources named only when visible."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from portal.access.models import TLP, Distribution
from portal.library.models import MATRIX_QUESTIONS, LegislationEntry
from portal.orgs.models import CitesParty, Role, Sector
from tests.factories import DocumentFactory, LegislationEntryFactory, OrganisationFactory, client_for, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(db):
    org = OrganisationFactory(name="Kenya CITES MA", sector=Sector.CITES_AUTHORITY)
    return member(org, role=Role.CONTRIBUTOR, email="officer@ma.test")


def entry_data(**overrides):
    data = {
        "party": CitesParty.objects.get(code="KE").pk,
        "title": "Wildlife Act 2013",
        "distribution": "community",
        "tlp": "green",
        "pap": "clear",
    }
    for name, _question in MATRIX_QUESTIONS:
        data[name] = "Up to 5 years" if name == "max_penalties" else "yes"
        data[f"{name}_reference"] = "s. 92"
        data[f"{name}_date"] = "2026-01-01"
        data[f"{name}_source"] = ""
    data.update(overrides)
    return data


def test_a_cites_authority_creates_an_entry_with_a_source(authority):
    source = DocumentFactory(owner_org=authority.membership.organisation, marker="The Act")
    client = client_for(authority)
    response = client.post(reverse("library:matrix-create"), entry_data(online_offer_offence_source=source.pk))
    entry = LegislationEntry.bypass_policy.get()
    assert response.status_code == 302 and response.url == entry.get_absolute_url()
    assert entry.owner_org == authority.membership.organisation and entry.online_offer_offence_source == source
    assert entry.party.code == "KE" and entry.max_penalties == "Up to 5 years"


def test_other_sectors_may_not_keep_the_matrix(cast):
    client = client_for(cast.owner_editor)
    assert client.get(reverse("library:matrix-create")).status_code == 403
    assert client.post(reverse("library:matrix-create"), entry_data()).status_code == 403
    assert not LegislationEntry.bypass_policy.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"online_offer_offence": "maybe"}, "online_offer_offence"),
        ({"party": "999999"}, "party"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_a_form_error(authority, overrides, field):
    client = client_for(authority)
    response = client.post(reverse("library:matrix-create"), entry_data(**overrides))
    assert response.status_code == 200 and field in response.context["form"].errors


def test_a_source_the_author_cannot_see_is_refused(authority, cast):
    hidden = DocumentFactory(owner_org=cast.owner_org, marker="Police internal")
    client = client_for(authority)
    response = client.post(reverse("library:matrix-create"), entry_data(platform_mou_source=hidden.pk))
    assert "platform_mou_source" in response.context["form"].errors
    assert not LegislationEntry.bypass_policy.exists()


def test_a_hidden_source_is_not_named_in_the_table_detail_or_api(authority, cast):
    ma = authority.membership.organisation
    secret = DocumentFactory(owner_org=ma, marker="MA internal memo")
    open_doc = DocumentFactory(owner_org=ma, marker="Gazette", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    entry = LegislationEntryFactory(owner_org=ma, marker="KE entry", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    LegislationEntry.bypass_policy.filter(pk=entry.pk).update(
        online_offer_offence_source=secret, platform_mou_source=open_doc
    )
    client = client_for(cast.outsider)
    table = client.get(reverse("library:matrix")).content.decode()
    detail = client.get(entry.get_absolute_url()).content.decode()
    for body in (table, detail):
        assert reverse("library:detail", args=[open_doc.pk]) in body
        assert reverse("library:detail", args=[secret.pk]) not in body
    row = client.get(reverse("api:legislationentry-detail", args=[entry.pk])).json()
    assert row["sources"]["platform_mou"] == open_doc.pk and row["sources"]["online_offer_offence"] is None
    assert row["party"] == "KE"


def test_a_co_editor_keeps_a_source_they_cannot_see(authority, cast):
    ma = authority.membership.organisation
    secret = DocumentFactory(owner_org=ma, marker="MA internal memo")
    entry = LegislationEntryFactory(owner_org=ma, marker="KE entry", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    LegislationEntry.bypass_policy.filter(pk=entry.pk).update(online_offer_offence_source=secret)
    assign_perm("library.change_legislationentry", cast.grantee, entry)
    client = client_for(cast.grantee)
    page = client.get(reverse("library:matrix-edit", args=[entry.pk]))
    assert "online_offer_offence_source" not in page.context["form"].fields
    assert "MA internal memo" not in page.content.decode()
    data = entry_data(title="KE entry, revised", version=entry.version)
    data.pop("online_offer_offence_source")
    response = client.post(reverse("library:matrix-edit", args=[entry.pk]), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "KE entry, revised" and entry.online_offer_offence_source == secret


def test_the_comparison_table_lists_parties_with_constant_queries(cast, django_assert_max_num_queries):
    for code in ("KE", "ZA", "GB"):
        e = LegislationEntryFactory(
            owner_org=cast.owner_org, marker=f"Entry {code}", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
        )
        LegislationEntry.bypass_policy.filter(pk=e.pk).update(party=CitesParty.objects.get(code=code))
    client = client_for(cast.outsider)
    client.get(reverse("library:matrix"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("library:matrix"))
    assert [entry.party.code for entry, _answers in response.context["rows"]] == ["KE", "ZA", "GB"]  # by Party name
    only_za = client.get(reverse("library:matrix"), {"party": "za"}).context["rows"]
    assert [entry.party.code for entry, _answers in only_za] == ["ZA"]

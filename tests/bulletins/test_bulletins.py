"""Bulletins end to end: forms, optimistic locking, redaction, API, query counts."""

import pytest
from django.urls import reverse

from portal.access.models import TLP, Distribution
from portal.access.policy import REDACTED
from portal.access.registry import shareable_models
from portal.access.services import grant, shareable_update
from portal.bulletins.models import Bulletin
from tests.factories import BulletinFactory, client_for

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "title": "Scales for sale",
        "body": "Seen in a closed group",
        "links": "https://example.org/ad/1",
        "countries": ["KE"],
        "persons_of_interest": "seller42",
        "distribution": "spaces",
        "tlp": "amber",
        "pap": "red",
        "expires_on": "",
    }
    data.update(overrides)
    return data


def test_create_through_the_page_shares_into_a_space(cast):
    client = client_for(cast.owner_editor)
    response = client.post(reverse("bulletins:create"), form_data(spaces=[cast.space.pk]))
    obj = Bulletin.bypass_policy.get()
    assert response.status_code == 302 and response.url == obj.get_absolute_url()
    assert obj.owner_org == cast.owner_org and obj.author == cast.owner_editor
    assert list(obj.spaces.all()) == [cast.space] and obj.links == ["https://example.org/ad/1"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"distribution": "public", "tlp": "amber"}, "distribution"),
        ({"distribution": "spaces"}, "spaces"),
        ({"links": "not a url"}, "links"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(cast, overrides, field):
    client = client_for(cast.owner_editor)
    response = client.post(reverse("bulletins:create"), form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors or response.context["form"].non_field_errors()
    assert not Bulletin.bypass_policy.exists()


def test_a_space_the_user_is_not_in_cannot_be_chosen(cast):
    client = client_for(cast.owner_editor)
    response = client.post(reverse("bulletins:create"), form_data(spaces=[cast.other_space.pk]))
    assert "spaces" in response.context["form"].errors
    assert not Bulletin.bypass_policy.exists()


def test_readers_cannot_create_and_get_403_on_edit_of_a_visible_record(cast):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="m")
    client = client_for(cast.owner_reader)
    assert client.get(reverse("bulletins:create")).status_code == 403
    assert client.get(reverse("bulletins:edit", args=[obj.pk])).status_code == 403


def test_second_editor_gets_a_conflict_and_loses_nothing(cast):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="Original")
    client = client_for(cast.owner_editor)
    form_version = obj.version
    shareable_update(
        actor=cast.owner_editor, obj=obj, data={"title": "Changed by a colleague"}, expected_version=form_version
    )
    response = client.post(
        reverse("bulletins:edit", args=[obj.pk]),
        form_data(title="My careful rewrite", distribution="organisation", version=form_version),
    )
    assert response.status_code == 200
    assert "Someone else saved this record" in response.content.decode()
    assert "My careful rewrite" in response.content.decode()
    assert Bulletin.bypass_policy.get(pk=obj.pk).title == "Changed by a colleague"
    # Saving again from the refreshed form succeeds.
    response = client.post(
        reverse("bulletins:edit", args=[obj.pk]),
        form_data(title="My careful rewrite", distribution="organisation", version=form_version + 1),
    )
    assert response.status_code == 302
    assert Bulletin.bypass_policy.get(pk=obj.pk).title == "My careful rewrite"


def test_co_editor_may_edit_content_but_not_the_marking(cast):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="m", tlp=TLP.RED)
    grant(actor=cast.owner_editor, obj=obj, user=cast.grantee, can_edit=True)
    client = client_for(cast.grantee)
    response = client.post(
        reverse("bulletins:edit", args=[obj.pk]),
        form_data(title="Edited by the partner", distribution="community", tlp="green", version=obj.version),
    )
    assert response.status_code == 302
    obj = Bulletin.bypass_policy.get(pk=obj.pk)
    assert (obj.title, obj.distribution, obj.tlp) == ("Edited by the partner", "organisation", "red")


def test_personal_data_is_redacted_for_other_sectors_in_page_and_api(client, cast):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="m", distribution=Distribution.SPACES, spaces=[cast.space])
    client.force_login(cast.space_member)  # an NGO in the space
    page = client.get(obj.get_absolute_url()).content.decode()
    assert REDACTED in page and "Seller handle" not in page
    api = client.get(reverse("api:bulletin-detail", args=[obj.pk])).json()
    assert api["persons_of_interest"] == REDACTED
    client.force_login(cast.space_user)  # enforcement, named in the space
    assert client.get(reverse("api:bulletin-detail", args=[obj.pk])).json()["persons_of_interest"].startswith("Seller")
    assert Bulletin.bypass_policy.get(pk=obj.pk).persons_of_interest.startswith("Seller")


def test_api_create_update_and_conflicts(cast):
    client = client_for(cast.owner_editor)
    url = reverse("api:bulletin-list")
    created = client.post(
        url,
        {
            "title": "API",
            "body": "b",
            "distribution": "spaces",
            "tlp": "amber",
            "pap": "green",
            "spaces": [cast.space.pk],
            "countries": ["KE"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk, version = created.json()["id"], created.json()["version"]
    detail = reverse("api:bulletin-detail", args=[pk])
    assert client.patch(detail, {"title": "no version"}, content_type="application/json").status_code == 400
    ok = client.patch(detail, {"title": "v2", "version": version}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == version + 1
    stale = client.patch(detail, {"title": "stale", "version": version}, content_type="application/json")
    assert stale.status_code == 409
    bad = client.patch(detail, {"distribution": "public", "version": version + 1}, content_type="application/json")
    assert bad.status_code == 400 and "distribution" in bad.json()
    assert Bulletin.bypass_policy.get(pk=pk).title == "v2"


def test_api_refuses_writes_from_readers_and_hides_records(client, cast):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="m", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    client.force_login(cast.outsider)
    detail = reverse("api:bulletin-detail", args=[obj.pk])
    assert client.patch(detail, {"title": "x", "version": 1}, content_type="application/json").status_code == 403
    hidden = BulletinFactory(owner_org=cast.owner_org, marker="h")
    assert client.get(reverse("api:bulletin-detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("api:bulletin-detail", args=[999999])).status_code == 404
    client.force_login(cast.owner_reader)
    assert client.post(reverse("api:bulletin-list"), {"title": "x"}, content_type="application/json").status_code == 403


def _queries_for(client, url, django_assert_max_num_queries, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["bulletins:list", "api:bulletin-list", "dashboard:home"])
def test_list_query_count_does_not_grow_with_the_list(cast, url_name, django_assert_max_num_queries):
    client = client_for(cast.owner_editor)
    for i in range(3):
        BulletinFactory(owner_org=cast.owner_org, marker=f"a{i}", distribution=Distribution.SPACES, spaces=[cast.space])
    few = _queries_for(client, reverse(url_name), django_assert_max_num_queries, 3)
    for i in range(30):
        BulletinFactory(owner_org=cast.owner_org, marker=f"b{i}", distribution=Distribution.SPACES, spaces=[cast.space])
    many = _queries_for(client, reverse(url_name), django_assert_max_num_queries, 33)
    assert many == few
    # The dashboard asks once per shareable model; the others a fixed handful of times.
    assert few <= 10 + (len(shareable_models()) if url_name == "dashboard:home" else 0)

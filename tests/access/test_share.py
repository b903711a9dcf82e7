"""The share dialog: owner editors grant and revoke; nobody else can, and hidden records stay 404."""

import pytest
from django.urls import reverse

from portal.access.models import TLP
from portal.access.policy import can_change, can_view
from tests.factories import make_bulletin

pytestmark = pytest.mark.django_db


def url(obj):
    return reverse("access:share", args=["bulletins.bulletin", obj.pk])


def test_owner_editor_shares_with_a_named_user_and_revokes(client, cast):
    obj = make_bulletin(owner_org=cast.owner_org, marker="m", tlp=TLP.RED)
    client.force_login(cast.owner_editor)
    response = client.post(url(obj), {"email": "grantee@outsider.test", "can_edit": "on"})
    assert response.status_code == 302
    assert can_view(cast.grantee, obj) and can_change(cast.grantee, obj)
    assert not can_view(cast.outsider, obj)
    assert "grantee@outsider.test" in client.get(url(obj)).content.decode()
    client.post(url(obj), {"revoke_user": cast.grantee.pk})
    assert not can_view(cast.grantee, obj)


def test_red_record_cannot_go_to_a_space(client, cast):
    obj = make_bulletin(owner_org=cast.owner_org, marker="m", tlp=TLP.RED)
    client.force_login(cast.owner_editor)
    response = client.post(url(obj), {"space": cast.other_space.pk})
    assert response.status_code == 400
    assert "named people only" in response.content.decode()
    assert not can_view(cast.other_sector, obj)


@pytest.mark.parametrize(("data", "field"), [({}, None), ({"email": "nobody@nowhere.test"}, "email")])
def test_bad_share_input_is_a_clear_error(client, cast, data, field):
    obj = make_bulletin(owner_org=cast.owner_org, marker="m")
    client.force_login(cast.owner_editor)
    response = client.post(url(obj), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()


def test_unknown_model_label_answers_404(client, cast):
    client.force_login(cast.owner_editor)
    assert client.get(reverse("access:share", args=["orgs.organisation", cast.owner_org.pk])).status_code == 404
    assert client.get(reverse("access:share", args=["nonsense", 1])).status_code == 404


def _detail_pages():
    """The HTML detail page of each shareable model (not its API, downloads or edit pages)."""
    from portal.access.registry import sweep_paths

    pages = {}
    for path in sweep_paths():
        html_detail = path.url_name.endswith("detail") and not path.url_name.startswith(("api:", "admin:"))
        if path.kind == "detail" and path.method == "get" and not path.staff_only and html_detail:
            pages.setdefault(path.model._meta.label, path)
    return sorted(pages.values(), key=lambda p: p.url_name)


@pytest.mark.parametrize("path", _detail_pages(), ids=lambda p: p.url_name)
def test_every_detail_page_offers_the_share_dialog_to_owner_editors_only(cast, path):
    from portal.access.models import Distribution
    from tests.factories import SHAREABLE_FACTORIES, client_for

    make = SHAREABLE_FACTORIES[path.model._meta.label]
    obj = make(owner_org=cast.owner_org, marker="SHARE-BUTTON-z1", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    share = reverse("access:share", args=[path.model._meta.label_lower, obj.pk])
    page = reverse(path.url_name, kwargs=path.url_kwargs(obj))
    owner = client_for(cast.owner_editor).get(page)
    assert owner.status_code == 200 and share in owner.content.decode(), path.url_name
    reader = client_for(cast.owner_reader).get(page)
    assert reader.status_code == 200 and share not in reader.content.decode()
    assert client_for(cast.owner_editor).get(share).status_code == 200

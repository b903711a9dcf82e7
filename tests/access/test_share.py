"""The share dialog: owner editors grant and revoke; nobody else can, and hidden records stay 404."""

import pytest
from django.urls import reverse

from portal.access.models import TLP
from portal.access.policy import can_change, can_view
from portal.audit.models import AuditEvent
from tests.factories import BulletinFactory, client_for

pytestmark = pytest.mark.django_db


def url(obj):
    return reverse("access:share", args=["bulletins.bulletin", obj.pk])


def test_owner_editor_shares_with_a_named_user_and_revokes(cast):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="m", tlp=TLP.RED)
    client = client_for(cast.owner_editor)
    response = client.post(url(obj), {"email": "grantee@outsider.test", "can_edit": "on"})
    assert response.status_code == 302
    assert can_view(cast.grantee, obj) and can_change(cast.grantee, obj)
    assert not can_view(cast.outsider, obj)
    assert "grantee@outsider.test" in client.get(url(obj)).content.decode()
    client.post(url(obj), {"revoke_user": cast.grantee.pk})
    assert not can_view(cast.grantee, obj)


def test_red_record_cannot_go_to_a_space(cast):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="m", tlp=TLP.RED)
    client = client_for(cast.owner_editor)
    response = client.post(url(obj), {"space": cast.other_space.pk})
    assert response.status_code == 400
    assert "named people only" in response.content.decode()
    assert not can_view(cast.other_sector, obj)


@pytest.mark.parametrize(("data", "field"), [({}, None), ({"email": "nobody@nowhere.test"}, "email")])
def test_bad_share_input_is_a_clear_error(cast, data, field):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="m")
    client = client_for(cast.owner_editor)
    response = client.post(url(obj), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert (field in form.errors) if field else form.non_field_errors()


def test_unknown_model_label_answers_404(cast):
    client = client_for(cast.owner_editor)
    assert client.get(reverse("access:share", args=["orgs.organisation", cast.owner_org.pk])).status_code == 404
    assert client.get(reverse("access:share", args=["nonsense", 1])).status_code == 404


def _detail_pages():
    """The HTML detail page of each shareable model (not its API, downloads or edit pages)."""
    from tests.access.paths import sweep_paths

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


def test_a_case_is_shared_with_its_records_when_asked(cast):
    """Journey 2's end: the SPOC shares the case with the officer, and he sees what it holds, not an empty shell."""
    from cases.models import Advert, Person
    from portal.audit.models import AuditEvent
    from tests.factories import AdvertFactory, CaseFactory, PersonFactory

    case = CaseFactory(owner_org=cast.owner_org, marker="Operation Shell")
    advert = AdvertFactory(owner_org=cast.owner_org, marker="Shell advert", case=case)
    person = PersonFactory(owner_org=cast.owner_org, marker="Shell seller", case=case)
    red = PersonFactory(owner_org=cast.owner_org, marker="Shell informant", case=case, tlp=TLP.RED)
    url = reverse("access:share", args=["cases.case", case.pk])
    client = client_for(cast.owner_editor)
    assert "Also share its records: adverts" in client.get(url).content.decode()
    assert client.post(url, {"email": cast.outsider.email}).status_code == 302  # the case alone
    assert can_view(cast.outsider, case) and not can_view(cast.outsider, advert)
    response = client.post(url, {"email": cast.outsider.email, "with_records": "on"}, follow=True)
    assert "3 of its records too." in response.content.decode()
    assert all(can_view(cast.outsider, r) for r in (advert, person, red))
    assert not can_view(cast.grantee, advert)  # his colleague: nothing
    # To a space, a TLP:RED record stays with named people.
    response = client.post(url, {"space": cast.other_space.pk, "with_records": "on"}, follow=True)
    assert "2 of its records too. 1 TLP:RED record stays with named people only." in response.content.decode()
    assert can_view(cast.other_sector, person) and not can_view(cast.other_sector, red)
    # Revoking the case revokes what went along with it.
    client.post(url, {"revoke_user": cast.outsider.pk})
    assert not any(can_view(cast.outsider, r) for r in (case, advert, person, red))
    assert AuditEvent.objects.filter(action="grant.remove", detail__user=cast.outsider.pk).count() == 4
    assert Advert.bypass_policy.filter(pk=advert.pk).exists() and Person.bypass_policy.filter(pk=red.pk).exists()


def test_the_marking_badge_names_the_owner_not_my_organisation(cast):
    """ "My organisation only" reads wrong to a grantee of another organisation."""
    from guardian.shortcuts import assign_perm

    from tests.factories import CaseFactory, client_for

    case = CaseFactory(owner_org=cast.owner_org, marker="BADGE-CASE-e6")
    assign_perm("cases.view_case", cast.grantee, case)
    body = client_for(cast.grantee).get(reverse("cases:detail", args=[case.pk])).content.decode()
    owner = cast.owner_org.acronym or cast.owner_org.name
    assert f"{owner} only" in body and "My organisation only" not in body
    listing = client_for(cast.grantee).get(reverse("cases:list")).content.decode()
    assert f"{owner} only" in listing


def test_revoking_a_case_reads_its_records_grants_at_once(cast):
    """A case with many records it was shared without: the revoke does not ask record by record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from guardian.shortcuts import assign_perm

    from portal.access.services import revoke
    from tests.factories import AdvertFactory, CaseFactory

    def queries_to_revoke(n_adverts):
        case = CaseFactory(owner_org=cast.owner_org, marker=f"Revoke {n_adverts}")
        for i in range(n_adverts):
            AdvertFactory(owner_org=cast.owner_org, marker=f"Revoke {n_adverts} advert {i}", case=case)
        assign_perm("cases.view_case", cast.outsider, case)
        with CaptureQueriesContext(connection) as ctx:
            revoke(actor=cast.owner_editor, obj=case, user=cast.outsider)
        assert not can_view(cast.outsider, case)
        return len(ctx)

    queries_to_revoke(1)  # warm the caches (content types, permissions)
    assert queries_to_revoke(2) == queries_to_revoke(12)


def test_the_dialog_previews_who_will_see_the_record_before_anything_is_shared(cast):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="m", tlp=TLP.AMBER)
    client = client_for(cast.owner_editor)
    events = AuditEvent.objects.count()
    response = client.post(url(obj), {"space": cast.other_space.pk, "preview": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    preview = page[page.index("share-preview") :]
    assert cast.other_space.name in preview and "press Share to confirm" in preview
    # Nothing happened: no grant, no audit row; the current panel still reads as before.
    assert not can_view(cast.other_sector, obj)
    assert AuditEvent.objects.count() == events
    assert cast.other_space.name not in page[: page.index("share-preview")]
    # The same post without preview shares.
    assert client.post(url(obj), {"space": cast.other_space.pk}).status_code == 302
    assert can_view(cast.other_sector, obj)


def test_a_preview_of_bad_input_is_the_same_clear_error(cast):
    obj = BulletinFactory(owner_org=cast.owner_org, marker="m", tlp=TLP.RED)
    client = client_for(cast.owner_editor)
    response = client.post(url(obj), {"space": cast.other_space.pk, "preview": "1"})
    assert response.status_code == 400 and "named people only" in response.content.decode()

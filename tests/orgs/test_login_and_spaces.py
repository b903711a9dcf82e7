"""Log-in of vetted members only, access ending with the membership, and space membership rules."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.orgs.models import Membership, Sector, SpaceMember
from tests.factories import OrganisationFactory, client_for, member, space

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"


def test_vetted_member_logs_in_with_email(client, cast):
    # An NGO member: enforcement members go through two-factor first (tests/accounts covers that path).
    response = client.post(reverse("login"), {"username": "MEMBER@space.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("orgs:profile")).status_code == 200


def test_unvetted_account_is_told_it_awaits_vetting(client, cast):
    response = client.post(reverse("login"), {"username": "new@owner.test", "password": PASSWORD})
    assert response.status_code == 200
    assert "waiting to be vetted" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_does_not_reveal_vetting_state(client, cast):
    response = client.post(reverse("login"), {"username": "new@owner.test", "password": "wrong-password-123"})
    assert "waiting to be vetted" not in response.content.decode()


def test_removing_the_membership_ends_access_at_once(cast):
    client = client_for(cast.owner_editor)
    assert client.get(reverse("orgs:profile")).status_code == 200
    Membership.objects.filter(user=cast.owner_editor).update(vetted=False)
    response = client.get(reverse("orgs:profile"))
    assert response.status_code == 302 and "login" in response.url
    assert response.wsgi_request.user.is_anonymous


def test_space_admin_adds_members_and_sector_rules_are_explained():
    police = OrganisationFactory(sector=Sector.ENFORCEMENT)
    platform = OrganisationFactory(sector=Sector.PLATFORM, name="Shop")
    admin = member(police)
    s = space(police, allowed_sectors=[Sector.ENFORCEMENT, Sector.IGO], admins=[admin])
    client = client_for(admin)
    response = client.post(
        reverse("orgs:space-member-add", args=[s.pk]), {"organisation": platform.pk, "role": "member"}
    )
    assert response.status_code == 400
    assert "open only to these sectors" in response.content.decode()
    assert not SpaceMember.objects.filter(space=s, organisation=platform).exists()
    other_police = OrganisationFactory(sector=Sector.ENFORCEMENT)
    response = client.post(
        reverse("orgs:space-member-add", args=[s.pk]), {"organisation": other_police.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert SpaceMember.objects.filter(space=s, organisation=other_police).exists()


def test_only_space_admins_manage_members():
    police = OrganisationFactory()
    plain = member(police)
    s = space(police)
    client = client_for(plain)
    response = client.post(
        reverse("orgs:space-member-add", args=[s.pk]), {"organisation": OrganisationFactory().pk, "role": "member"}
    )
    assert response.status_code == 403
    row = SpaceMember.objects.get(space=s)
    assert client.post(reverse("orgs:space-member-remove", args=[s.pk, row.pk])).status_code == 403


def test_confidential_space_hides_its_member_list_from_non_members(client):
    inside, outside = OrganisationFactory(name="Inside Unit"), OrganisationFactory(name="Outside Unit")
    s = space(inside, confidential=True, name="Secret room")
    client.force_login(member(outside))
    page = client.get(s.get_absolute_url()).content.decode()
    assert "Inside Unit" not in page and "visible to its members only" in page
    client.force_login(member(inside))
    assert "Inside Unit" in client.get(s.get_absolute_url()).content.decode()


def test_a_deleted_space_frees_its_name_and_group():
    s = space(name="Short-lived room")
    group_pk = s.group_id
    s.delete()
    from django.contrib.auth.models import Group

    assert not Group.objects.filter(pk=group_pk).exists()
    assert space(name="Short-lived room").pk


def test_a_request_reads_the_membership_once(cast):
    """The log-in backend, the middleware and the policy all ask for the membership: one query serves them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.owner_reader)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("bulletins:list")).status_code == 200
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "orgs_membership"' in q["sql"]]
    assert len(reads) == 1, reads


def test_a_superuser_with_no_membership_gets_pages_not_errors():
    """A portal superuser may have no organisation: every orgs and spaces page answers, none fails."""
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root@portal.test", PASSWORD)
    assert not Membership.objects.filter(user=root).exists()
    org = OrganisationFactory(name="Visited Org", sector=Sector.NGO)
    spoc = member(org, spoc=True, email="spoc@visited.test", full_name="Visible Spoc")
    member(org, email="plain@visited.test", full_name="Hidden Plain")
    open_space, secret_space = space(org, spoc), space(org, confidential=True)
    row = SpaceMember.objects.filter(space=open_space, user=spoc).get()
    client = Client(raise_request_exception=True)
    client.force_login(root)
    page = client.get(reverse("orgs:organisation-detail", args=[org.pk]))
    assert page.status_code == 200
    assert "Visible Spoc" in page.content.decode() and "Hidden Plain" not in page.content.decode()
    for name, args in (("orgs:organisation-list", []), ("orgs:space-list", []), ("orgs:profile", []),
                       ("orgs:space-detail", [open_space.pk]), ("orgs:space-detail", [secret_space.pk])):  # fmt: skip
        assert client.get(reverse(name, args=args)).status_code == 200, name
    add = client.post(
        reverse("orgs:space-member-add", args=[open_space.pk]), {"organisation": org.pk, "role": "member"}
    )
    assert add.status_code in (403, 404)
    remove = client.post(reverse("orgs:space-member-remove", args=[open_space.pk, row.pk]))
    assert remove.status_code in (403, 404) and SpaceMember.objects.filter(pk=row.pk).exists()

"""API tokens: shown once, stored hashed, expiring, revocable, bound to the user's visibility, audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.access.models import Distribution
from portal.accounts.models import ApiToken
from portal.accounts.services import create_token
from portal.audit.models import AuditEvent
from tests.accounts.test_login import post_login
from tests.factories import BulletinFactory, client_for

pytestmark = pytest.mark.django_db


def api(client, raw, url=None):
    return client.get(url or reverse("api:bulletin-list"), headers={"Authorization": f"Bearer {raw}"})


def test_token_created_on_profile_is_shown_once_and_stored_hashed(client, cast):
    post_login(client, "member@space.test")
    response = client.post(reverse("accounts:token-create"), {"name": "Scanner", "days": 30})
    assert response.status_code == 200
    raw = response.context["raw"]
    token = ApiToken.objects.get(user=cast.space_member)
    assert raw not in token.key_hash and token.key_hash != raw
    assert raw not in client.get(reverse("orgs:profile")).content.decode()
    assert AuditEvent.objects.filter(action="token.create", actor=cast.space_member).exists()


def test_token_form_errors_name_the_field(client, cast):
    post_login(client, "member@space.test")
    response = client.post(reverse("accounts:token-create"), {"name": "x", "days": 100000})
    assert response.status_code == 400 and "days" in response.context["form"].errors


def test_token_sees_exactly_what_its_user_sees(client, cast):
    own = BulletinFactory(owner_org=cast.owner_org, marker="Owner-only note")
    space = BulletinFactory(
        owner_org=cast.owner_org, marker="Task force note", distribution=Distribution.SPACES, spaces=[cast.space]
    )
    _, raw = create_token(user=cast.space_member, name="t", days=5)
    body = api(client, raw).content.decode()
    assert space.title in body and own.title not in body
    assert api(client, raw, reverse("api:bulletin-detail", args=[own.pk])).status_code == 404
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(action="token.use", actor=cast.space_member).count() == 2


def test_expired_revoked_or_unknown_token_gets_401(client, cast):
    token, raw = create_token(user=cast.space_member, name="t", days=5)
    assert api(client, raw).status_code == 200
    assert api(client, raw + "x").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api(client, raw).status_code == 401
    token2, raw2 = create_token(user=cast.space_member, name="t2", days=5)
    client.force_login(cast.space_member)
    assert client.post(reverse("accounts:token-revoke", args=[token2.pk])).status_code == 302
    client.logout()
    assert api(client, raw2).status_code == 401


def test_token_of_a_disabled_user_gets_401(client, cast):
    _, raw = create_token(user=cast.space_member, name="t", days=5)
    cast.space_member.is_active = False
    cast.space_member.save()
    assert api(client, raw).status_code == 401


def test_user_cannot_revoke_someone_elses_token(cast):
    token, _ = create_token(user=cast.space_member, name="t", days=5)
    client = client_for(cast.outsider)
    assert client.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("how", ["removed", "unvetted", "left"])
def test_tokens_are_revoked_when_the_membership_ends(client, cast, how):
    from portal.orgs.models import Membership, Role
    from portal.orgs.vetting import leave_organisation, remove_member
    from tests.factories import member

    BulletinFactory(owner_org=cast.owner_org, marker="PUBLIC-b1", distribution=Distribution.PUBLIC)
    _, raw = create_token(user=cast.space_member, name="feed", days=30)
    assert api(client, raw).status_code == 200
    membership = Membership.objects.get(user=cast.space_member)
    if how == "removed":
        admin = member(cast.space_org, role=Role.ADMIN, email="admin@space.test")
        remove_member(actor=admin, membership=membership)
    elif how == "unvetted":
        membership.vetted = False
        membership.save()
    else:
        leave_organisation(user=cast.space_member)
    assert api(client, raw).status_code == 401
    assert not ApiToken.objects.get(user=cast.space_member).active

"""Vetting, invitations and members: organisation admins act on their own organisation only."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.orgs.models import Invitation, Membership, Role
from tests.accounts.test_login import PASSWORD, post_login
from tests.factories import client_for, member

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "otter-canopy-lantern-fjord"


@pytest.fixture
def owner_admin(cast):
    return member(cast.owner_org, role=Role.ADMIN, email="admin@owner.test")


def test_new_account_logs_in_only_after_its_org_admin_approves(client, cast, owner_admin):
    assert "waiting to be vetted" in post_login(client, "new@owner.test").content.decode()
    client.force_login(owner_admin)
    queue = client.get(reverse("orgs:vetting"))
    assert "new@owner.test" in queue.content.decode() and 'name="role"' in queue.content.decode()
    pk = Membership.objects.get(user=cast.unvetted).pk
    decide = reverse("orgs:vetting-decide", args=[pk])
    assert client.post(decide, {"decision": "maybe"}).status_code == 400
    refused = client.post(decide, {"decision": "approve", "role": "overlord"})
    assert refused.status_code == 400 and "role: Choose one of" in refused.content.decode()
    assert not Membership.objects.get(pk=pk).vetted
    Membership.objects.filter(pk=pk).update(role=Role.READER)  # as sign-up asks
    assert client.post(decide, {"decision": "approve", "role": Role.CONTRIBUTOR}).status_code == 302
    membership = Membership.objects.get(pk=pk)
    assert membership.vetted and membership.vetted_by == owner_admin and membership.role == Role.CONTRIBUTOR
    event = AuditEvent.objects.get(action="vetting.approve", organisation=cast.owner_org)
    assert event.detail == {"role": "contributor"}
    client.logout()
    client.cookies.clear()
    # An enforcement member now goes on to the two-factor step: the password step passed.
    assert post_login(client, "new@owner.test").url == reverse("accounts:mfa-setup")


def test_org_admin_does_not_see_or_vet_another_organisations_accounts(cast, owner_admin):
    stranger = member(cast.outsider_org, vetted=False, email="new@outsider.test")
    client = client_for(owner_admin)
    assert "new@outsider.test" not in client.get(reverse("orgs:vetting")).content.decode()
    pk = Membership.objects.get(user=stranger).pk
    assert client.post(reverse("orgs:vetting-decide", args=[pk]), {"decision": "approve"}).status_code == 404
    assert not Membership.objects.get(pk=pk).vetted


def test_portal_admin_vets_a_new_organisation(cast, portal_admin):
    stranger = member(cast.outsider_org, vetted=False, email="new@outsider.test")
    client = client_for(portal_admin)
    pk = Membership.objects.get(user=stranger).pk
    assert client.post(reverse("orgs:vetting-decide", args=[pk]), {"decision": "approve"}).status_code == 302
    assert Membership.objects.get(pk=pk).vetted


def test_org_admin_cannot_act_on_a_portal_admin(cast, owner_admin, portal_admin):
    client = client_for(owner_admin)
    assert "staff@portal.test" not in client.get(reverse("orgs:members")).content.decode()
    pk = Membership.objects.get(user=portal_admin).pk
    assert client.post(reverse("orgs:member-remove", args=[pk])).status_code == 404
    assert Membership.objects.filter(pk=pk).exists()


def test_org_admin_cannot_remove_another_organisations_member(cast, owner_admin):
    client = client_for(owner_admin)
    pk = Membership.objects.get(user=cast.outsider).pk
    assert client.post(reverse("orgs:member-remove", args=[pk])).status_code == 404
    assert Membership.objects.filter(pk=pk).exists()


def test_plain_members_cannot_open_admin_pages(cast):
    client = client_for(cast.owner_editor)
    for name in ("orgs:vetting", "orgs:members", "orgs:invitations", "audit:log", "audit:export"):
        assert client.get(reverse(name)).status_code == 403, name


def test_removed_member_loses_access_at_once(cast, owner_admin):

    victim = client_for(cast.owner_reader)
    assert victim.get(reverse("orgs:profile")).status_code == 200
    client = client_for(owner_admin)
    pk = Membership.objects.get(user=cast.owner_reader).pk
    assert client.post(reverse("orgs:member-remove", args=[pk])).status_code == 302
    assert victim.get(reverse("orgs:profile")).status_code == 302
    assert AuditEvent.objects.filter(action="membership.remove").exists()


def test_invitation_lands_vetted_once(cast, owner_admin, mailoutbox):
    client = client_for(owner_admin)
    response = client.post(reverse("orgs:invitations"), {"email": "Invitee@Owner.test", "role": Role.READER})
    assert response.status_code == 302
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    assert Invitation.objects.get().token_hash not in link
    client.logout()
    weak = client.post(link, {"full_name": "In Vitee", "password1": "password1234", "password2": "password1234"})
    assert weak.status_code == 400
    ok = client.post(link, {"full_name": "In Vitee", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert ok.status_code == 302
    membership = Membership.objects.get(user__email="invitee@owner.test")
    assert membership.vetted and membership.organisation == cast.owner_org and membership.role == Role.READER
    assert client.get(link).status_code == 404  # single use


def test_expired_invitation_is_refused(cast, owner_admin, mailoutbox):
    client = client_for(owner_admin)
    client.post(reverse("orgs:invitations"), {"email": "late@owner.test", "role": Role.READER})
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    assert client.get(link).status_code == 404
    assert (
        client.post(link, {"full_name": "x", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 404
    )


def test_invitation_form_errors_name_the_field(cast, owner_admin):
    client = client_for(owner_admin)
    response = client.post(reverse("orgs:invitations"), {"email": "editor@owner.test", "role": Role.READER})
    assert response.status_code == 400 and "email" in response.context["form"].errors
    response = client.post(reverse("orgs:invitations"), {"email": "x@y.test", "role": "king"})
    assert response.status_code == 400 and "role" in response.context["form"].errors


def test_org_admin_cannot_revoke_another_organisations_invitation(client, cast, owner_admin):
    other_admin = member(cast.outsider_org, role=Role.ADMIN, email="admin@outsider.test")
    client.force_login(other_admin)
    client.post(reverse("orgs:invitations"), {"email": "x@outsider.test", "role": Role.READER})
    invitation = Invitation.objects.get()
    client.force_login(owner_admin)
    assert "x@outsider.test" not in client.get(reverse("orgs:invitations")).content.decode()
    assert client.post(reverse("orgs:invitation-revoke", args=[invitation.pk])).status_code == 404
    assert Invitation.objects.get().revoked_at is None


def test_password_of_a_new_account_is_checked_at_login(client, cast):
    # The cast's password is right; a wrong one is refused the same way for every account.
    assert post_login(client, "member@space.test", PASSWORD + "x").status_code == 200


def test_sign_up_waits_for_vetting_by_the_organisation(client, cast, owner_admin):
    data = {
        "email": "Fresh@Owner.test",
        "full_name": "Fresh Person",
        "organisation": "owner  agency",  # the approved organisation's name, case and spaces aside
        "sector": "ngo",  # ignored for an organisation that exists
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    assert client.post(reverse("accounts:signup"), data).url == reverse("accounts:signup-done")
    membership = Membership.objects.get(user__email="fresh@owner.test")
    assert membership.organisation == cast.owner_org
    assert not membership.vetted and membership.role == Role.READER
    assert "waiting to be vetted" in post_login(client, "fresh@owner.test", NEW_PASSWORD).content.decode()
    client.force_login(owner_admin)
    assert "fresh@owner.test" in client.get(reverse("orgs:vetting")).content.decode()


def test_sign_up_for_a_new_organisation_is_vetted_by_a_portal_admin(client, cast, owner_admin, portal_admin):
    data = {
        "email": "boss@neworg.test",
        "full_name": "New Boss",
        "organisation": "Brand New NGO",
        "sector": "ngo",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    assert client.post(reverse("accounts:signup"), data).status_code == 302
    client.force_login(owner_admin)
    assert "boss@neworg.test" not in client.get(reverse("orgs:vetting")).content.decode()
    client.force_login(portal_admin)
    assert "boss@neworg.test" in client.get(reverse("orgs:vetting")).content.decode()


def test_sign_up_errors_name_the_field_and_do_not_reveal_accounts(client, cast):
    bad = client.post(
        reverse("accounts:signup"),
        {"email": "x@y.test", "full_name": "X", "organisation": "N", "password1": "short", "password2": "short"},
    )
    assert bad.status_code == 400 and {"sector", "password1"} <= set(bad.context["form"].errors)
    existing = client.post(
        reverse("accounts:signup"),
        {
            "email": "editor@owner.test",
            "full_name": "Impostor",
            "organisation": cast.outsider_org.name,
            "sector": "enforcement",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert existing.status_code == 302
    assert Membership.objects.get(user=cast.owner_editor).organisation == cast.owner_org


def test_leaving_the_organisation_ends_access(client, cast):
    from tests.accounts.test_login import post_login as login

    assert login(client, "member@space.test").status_code == 302
    assert client.post(reverse("orgs:leave")).status_code == 302
    assert not Membership.objects.filter(user=cast.space_member).exists()
    assert client.get(reverse("orgs:profile")).status_code == 302
    assert AuditEvent.objects.filter(action="membership.leave").exists()


def test_admin_log_in_goes_through_the_portal_log_in(client, cast):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url == reverse("login") + "?next=/admin/"

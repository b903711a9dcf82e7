"""A sign-up naming an unknown organisation only asks for it: it shows nowhere until a portal admin approves it,
with its first account, and the approval is audited. The sign-up page lists no organisation to visitors."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.orgs.forms import SpaceMemberForm
from portal.orgs.models import Membership, Organisation, Role, Sector
from tests.factories import client_for, member

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "otter-canopy-lantern-fjord"


def ask(name="Brand New NGO", email="boss@neworg.test", sector=Sector.IGO):
    data = {"email": email, "full_name": "New Boss", "organisation": name, "sector": sector}
    response = Client().post(reverse("accounts:signup"), {**data, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    return Organisation.objects.get(name__iexact=name)


def test_the_sign_up_page_lists_no_organisation(cast):
    page = Client().get(reverse("accounts:signup")).content.decode()
    assert "<select" in page  # the sector
    for org in (cast.owner_org, cast.space_org, cast.platform_org, cast.outsider_org):
        assert org.name not in page


def test_a_requested_organisation_shows_nowhere_until_approved(cast):
    org = ask()
    assert not org.approved and org.sector == Sector.IGO
    viewer = client_for(cast.owner_editor)
    assert org.name not in viewer.get(reverse("orgs:organisation-list")).content.decode()
    assert viewer.get(reverse("orgs:organisation-detail", args=[org.pk])).status_code == 404
    case_form = viewer.get(reverse("cases:create"))
    assert org not in case_form.context["form"].fields["lead_org"].queryset
    assert org not in SpaceMemberForm().fields["organisation"].queryset
    created = viewer.post(
        reverse("api:case-list"),
        {"title": "x", "country": "KE", "lead_org": org.pk, "distribution": "organisation", "tlp": "amber"},
        content_type="application/json",
    )
    assert created.status_code == 400 and "lead_org" in created.json()
    # A second sign-up naming it joins the same request; it does not make another.
    ask(name="brand new ngo", email="deputy@neworg.test")
    assert Organisation.objects.filter(name__iexact="brand new ngo").count() == 1


def test_org_admins_cannot_vet_a_request_the_portal_admin_approves_it_with_its_first_account(
    cast, portal_admin, mailoutbox
):
    org = ask()
    owner_admin = member(cast.owner_org, role=Role.ADMIN, email="admin@owner.test")
    membership = Membership.objects.get(user__email="boss@neworg.test")
    decide = reverse("orgs:vetting-decide", args=[membership.pk])
    assert client_for(owner_admin).post(decide, {"decision": "approve"}).status_code == 404
    staff = client_for(portal_admin)
    queue = staff.get(reverse("orgs:vetting")).content.decode()
    assert "boss@neworg.test" in queue and "new organisation (Inter-governmental organisation)" in queue
    assert staff.post(decide, {"decision": "approve", "role": Role.ADMIN}).status_code == 302
    org.refresh_from_db()
    assert org.approved
    event = AuditEvent.objects.get(action="organisation.approve")
    assert event.actor == portal_admin and event.organisation == org and event.detail["with"] == "boss@neworg.test"
    assert org.name in client_for(cast.owner_editor).get(reverse("orgs:organisation-list")).content.decode()


def test_refusing_the_only_account_drops_the_request(cast, portal_admin):
    org = ask()
    membership = Membership.objects.get(user__email="boss@neworg.test")
    response = client_for(portal_admin).post(
        reverse("orgs:vetting-decide", args=[membership.pk]), {"decision": "reject"}
    )
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=org.pk).exists()
    assert AuditEvent.objects.filter(action="organisation.reject", detail__name=org.name).exists()

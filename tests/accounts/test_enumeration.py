"""Account enumeration: log-in and sign-up do the same work and answer the same whether or not an address has
an account; forms that add a person by e-mail do not tell "no such account" from "not eligible"."""

import pytest
from django.contrib.auth.hashers import get_hasher
from django.test import Client
from django.urls import reverse

from portal.orgs.models import Membership, Organisation, Role, Sector, SpaceMember
from tests.accounts.test_login import PASSWORD, post_login
from tests.factories import BulletinFactory, client_for, member, space

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "otter-canopy-lantern-fjord"


@pytest.fixture
def hashings(monkeypatch):
    """Counts runs of the password hasher (what makes a log-in or sign-up slow), by wrapping its encode()."""
    hasher = type(get_hasher())
    calls = []
    real = hasher.encode

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counted)

    def measure(action):
        calls.clear()
        response = action()
        return len(calls), response

    return measure


def _errors(response):
    return response.status_code, response.context["form"].errors.get_json_data()


@pytest.mark.parametrize("existing", ["member@space.test", "new@owner.test"])
def test_a_wrong_password_costs_and_answers_the_same_for_an_account_and_for_no_account(cast, hashings, existing):
    known_cost, known = hashings(lambda: post_login(Client(), existing, "wrong-password-1"))
    unknown_cost, unknown = hashings(lambda: post_login(Client(), "nobody@nowhere.test", "wrong-password-1"))
    assert known_cost == unknown_cost == 1
    assert _errors(known) == _errors(unknown)


def test_only_the_right_password_learns_that_the_account_waits_for_vetting(cast, hashings):
    cost, response = hashings(lambda: post_login(Client(), "new@owner.test", PASSWORD))
    assert cost == 1 and "waiting to be vetted" in response.content.decode()


def signup_data(email, organisation="Owner Agency", sector=Sector.ENFORCEMENT):
    return {
        "email": email,
        "full_name": "Some One",
        "organisation": organisation,
        "sector": sector,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }


def test_sign_up_costs_and_answers_the_same_for_a_taken_and_a_new_address(cast, hashings, mailoutbox):
    taken_cost, taken = hashings(lambda: Client().post(reverse("accounts:signup"), signup_data("editor@owner.test")))
    new_cost, new = hashings(lambda: Client().post(reverse("accounts:signup"), signup_data("fresh@owner.test")))
    assert taken_cost == new_cost == 1
    assert (taken.status_code, taken.url) == (new.status_code, new.url) == (302, reverse("accounts:signup-done"))
    page = Client().get(taken.url)
    assert "Check your e-mail" in page.content.decode()
    # One message each: the new address is told its request waits; the owner of the taken one gets a notice.
    assert [m.to for m in mailoutbox] == [["editor@owner.test"], ["fresh@owner.test"]]
    assert "already has one" in mailoutbox[0].body and "already has one" not in mailoutbox[1].body
    assert Membership.objects.get(user=cast.owner_editor).organisation == cast.owner_org
    assert cast.owner_editor.__class__.objects.get(pk=cast.owner_editor.pk).check_password(PASSWORD)


def test_space_member_form_answers_the_same_for_unknown_unvetted_and_excluded_sector(cast):
    police = cast.owner_org
    admin = member(police, email="spaceadmin@owner.test")
    s = space(police, allowed_sectors=[Sector.ENFORCEMENT], admins=[admin])
    client = client_for(admin)
    url = reverse("orgs:space-member-add", args=[s.pk])

    def add(email):
        response = client.post(url, {"email": email, "role": "member"})
        return response.status_code, response.context["form"].errors.get_json_data()

    unknown = add("nobody@nowhere.test")
    assert unknown[0] == 400
    assert add("new@owner.test") == unknown  # unvetted
    assert add("member@space.test") == unknown  # an NGO member, the space is for enforcement
    assert "NGO" not in str(unknown) and "sector" not in str(unknown)
    assert not SpaceMember.objects.filter(space=s, user__isnull=False).exclude(user=admin).exists()


def test_an_organisation_admin_is_told_why_about_their_own_organisation(cast):
    ngo_admin = member(cast.space_org, role=Role.ADMIN, email="admin@space.test")
    s = space(cast.space_org, allowed_sectors=[Sector.ENFORCEMENT], admins=[ngo_admin])
    response = client_for(ngo_admin).post(
        reverse("orgs:space-member-add", args=[s.pk]), {"email": "member@space.test", "role": "member"}
    )
    assert response.status_code == 400 and "is not open to the NGO sector of your organisation" in (
        response.content.decode()
    )


def test_share_dialog_answers_the_same_for_unknown_and_unvetted(cast):
    bulletin = BulletinFactory(owner_org=cast.owner_org, marker="SHARE-b1")
    client = client_for(cast.owner_editor)
    url = reverse("access:share", args=["bulletins.Bulletin", bulletin.pk])

    def share(url, email):
        response = client.post(url, {"email": email})
        return response.status_code, response.context["form"].errors.get_json_data()

    unknown = share(url, "nobody@nowhere.test")
    assert unknown[0] == 400
    assert share(url, "new@owner.test") == unknown  # unvetted


def test_invitation_answers_the_same_for_an_address_with_an_account_elsewhere(cast, mailoutbox):
    admin = member(cast.outsider_org, role=Role.ADMIN, email="admin@outsider.test")
    client = client_for(admin)
    url = reverse("orgs:invitations")
    taken = client.post(url, {"email": "member@space.test", "role": Role.READER})
    new = client.post(url, {"email": "fresh@nowhere.test", "role": Role.READER})
    assert (taken.status_code, taken.url) == (new.status_code, new.url) == (302, url)
    assert [m.to for m in mailoutbox] == [["member@space.test"], ["fresh@nowhere.test"]]
    assert "already has an account" in mailoutbox[0].body and "/invitation/" not in mailoutbox[0].body
    # About their own organisation an admin is told.
    own = client.post(url, {"email": "officer@outsider.test", "role": Role.READER})
    assert own.status_code == 400 and "already has an account in your organisation" in own.content.decode()
    assert not Organisation.objects.filter(approved=False).exists()

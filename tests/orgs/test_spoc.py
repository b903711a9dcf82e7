"""The SPOC directory: vetted members see every vetted SPOC; anonymous visitors log in; unvetted users see nothing."""

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.orgs.models import Role, Sector, SpocProfile
from tests.factories import OrganisationFactory, SpocProfileFactory, client_for, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def spocs(cast):
    ke = OrganisationFactory(name="KE Police", sector=Sector.ENFORCEMENT, country="KE")
    gb = OrganisationFactory(name="GB Platform", sector=Sector.PLATFORM, country="GB")
    kenyan = member(ke, spoc=True, email="spoc@ke.test", full_name="Amina; Otieno, Jr")
    SpocProfileFactory(
        membership=kenyan.membership, phone="+254200000101", languages="English, Swahili", role_title="Head"
    )
    british = member(gb, spoc=True, email="spoc@gb.test", full_name="Tom Hughes")
    unvetted_spoc = member(ke, spoc=True, vetted=False, email="pending@ke.test", full_name="Pending Person")
    admin = member(ke, role=Role.ADMIN, email="admin@ke.test")
    return {"ke": kenyan, "gb": british, "pending": unvetted_spoc, "admin": admin}


def names(response):
    return [m.user.email for m in response.context["contacts"]]


def test_anonymous_visitors_are_sent_to_log_in(client, spocs):
    for url in (
        reverse("orgs:spoc-list"),
        reverse("orgs:spoc-export"),
        reverse("orgs:spoc-vcard", args=[spocs["ke"].membership.pk]),
        reverse("orgs:spoc-edit", args=[spocs["ke"].membership.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_unvetted_users_see_nothing(cast, spocs):
    # The portal may sign an unvetted account out (a redirect to log in) or show it an empty directory.
    client = client_for(cast.unvetted)
    for url in (
        reverse("orgs:spoc-list"),
        reverse("orgs:spoc-export"),
        reverse("orgs:spoc-vcard", args=[spocs["ke"].membership.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        if response.status_code == 302:
            assert "login" in response.url
        elif response.status_code == 200:
            assert names(response) == []
        assert b"spoc@ke.test" not in response.content


def test_the_directory_selector_gives_an_unvetted_user_nothing(cast, spocs):
    from portal.orgs.spoc import spoc_directory

    assert list(spoc_directory(viewer=cast.unvetted)) == []
    assert list(spoc_directory(viewer=cast.anonymous)) == []
    assert spoc_directory(viewer=cast.outsider).filter(user=spocs["ke"]).exists()


def test_vetted_members_see_vetted_spocs_only_and_can_filter(cast, spocs):
    client = client_for(cast.other_sector)
    everyone = names(client.get(reverse("orgs:spoc-list")))
    assert {"spoc@ke.test", "spoc@gb.test"} <= set(everyone) and "pending@ke.test" not in everyone
    assert names(client.get(reverse("orgs:spoc-list"), {"country": "KE"})) == ["spoc@ke.test"]
    assert names(client.get(reverse("orgs:spoc-list"), {"sector": "platform"})) == ["spoc@gb.test"]
    assert names(client.get(reverse("orgs:spoc-list"), {"q": "swahili"})) == ["spoc@ke.test"]
    bad = client.get(reverse("orgs:spoc-list"), {"country": "QQ"})
    assert bad.status_code == 200 and "country" in bad.context["form"].errors


def test_vcards_for_one_contact_and_the_filtered_list(cast, spocs):
    client = client_for(cast.outsider)
    one = client.get(reverse("orgs:spoc-vcard", args=[spocs["ke"].membership.pk]))
    text = one.content.decode()
    assert one["Content-Type"].startswith("text/vcard") and one["Content-Disposition"].startswith("attachment")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and text.endswith("END:VCARD\r\n")
    assert "FN:Amina\\; Otieno\\, Jr" in text and "TEL;TYPE=WORK,VOICE:+254200000101" in text
    listing = client.get(reverse("orgs:spoc-export"), {"country": "KE"}).content.decode()
    assert listing.count("BEGIN:VCARD") == 1 and "spoc@ke.test" in listing
    assert client.get(reverse("orgs:spoc-export"), {"sector": "nope"}).status_code == 400
    assert client.get(reverse("orgs:spoc-vcard", args=[spocs["pending"].membership.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="spoc.export").count() == 2


def test_the_spoc_or_their_org_admin_edits_the_profile(client, cast, spocs):
    url = reverse("orgs:spoc-edit", args=[spocs["gb"].membership.pk])
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 403
    client.force_login(spocs["admin"])  # an admin of another organisation
    assert client.get(url).status_code == 403
    client.force_login(spocs["gb"])
    bad = client.post(url, {"phone": "not a phone", "languages": "", "hours": "", "role_title": ""})
    assert bad.status_code == 200 and "phone" in bad.context["form"].errors
    response = client.post(url, {"phone": "+44 20 7946 0303", "languages": "English", "hours": "9-5", "role_title": ""})
    assert response.status_code == 302
    assert SpocProfile.objects.get(membership=spocs["gb"].membership).phone == "+442079460303"
    client.force_login(spocs["admin"])
    ke_url = reverse("orgs:spoc-edit", args=[spocs["ke"].membership.pk])
    assert (
        client.post(ke_url, {"phone": "", "languages": "Swahili", "hours": "", "role_title": "Lead"}).status_code == 302
    )
    assert SpocProfile.objects.get(membership=spocs["ke"].membership).role_title == "Lead"

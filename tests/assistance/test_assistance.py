"""Requests for assistance: the two-party rule, the record in question through the policy, sharing, audit, e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.access.models import TLP, Distribution
from portal.access.policy import can_view
from portal.assistance.demo import seed_assistance_requests
from portal.assistance.models import AssistanceMessage, AssistanceRequest, RequestStatus
from portal.assistance.policies import RECIPIENT, SENDER, assistance_policy
from portal.assistance.selectors import request_create_url
from portal.assistance.services import assistance_request_create
from portal.audit.models import AuditEvent
from portal.demo import DemoWorld, seed_people
from portal.library.demo import seed_library
from portal.orgs.models import Role, Sector
from tests.factories import DocumentFactory, OrganisationFactory, SpaceMemberFactory, client_for, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    """A requester in the outsider organisation writes to the owner organisation about its documents."""
    owner = cast.owner_org
    spoc = member(owner, role=Role.READER, spoc=True, email="spoc@owner.test")
    admin = member(owner, role=Role.ADMIN, email="admin@owner.test")
    requester = cast.outsider  # a contributor of the outsider organisation
    requester_admin = member(cast.outsider_org, role=Role.ADMIN, email="admin@outsider.test")
    community_doc = DocumentFactory(owner_org=owner, marker="COMMUNITY-DOC", distribution=Distribution.COMMUNITY,
                                    tlp=TLP.GREEN)  # fmt: skip
    red_doc = DocumentFactory(owner_org=owner, marker="RED-DOC", tlp=TLP.RED)
    return {
        "spoc": spoc,
        "admin": admin,
        "requester": requester,
        "requester_admin": requester_admin,
        "community_doc": community_doc,
        "red_doc": red_doc,
    }


def _thread(cast, world, record=None, body="SECRET-BODY about a seller"):
    return assistance_request_create(
        actor=world["requester"], recipient_org=cast.owner_org, subject="SUBJECT-LINE", body=body, record=record
    )


def test_create_from_the_form_about_a_visible_record(cast, world, django_capture_on_commit_callbacks):
    doc = world["community_doc"]
    client = client_for(world["requester"])
    url = request_create_url(doc)
    assert url == f"/library/requests/new/?record=library.Document&pk={doc.pk}"
    page = client.get(url)
    assert page.status_code == 200 and b"COMMUNITY-DOC" in page.content
    assert page.context["form"].initial["organisation"] == cast.owner_org.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("assistance:request-create"),
            {"record": "library.Document", "pk": doc.pk, "organisation": cast.owner_org.pk, "subject": "S",
             "body": "TLP-RED-CONTENT please"},
        )  # fmt: skip
    thread = AssistanceRequest.objects.get()
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    assert (thread.sender, thread.sender_org, thread.recipient_org) == (
        world["requester"],
        cast.outsider_org,
        cast.owner_org,
    )
    assert thread.record_id == doc.pk and thread.status == RequestStatus.OPEN
    assert AuditEvent.objects.filter(action="assistance.create", object_id=str(thread.pk)).exists()
    # The SPOC and the admin are told, without content; the reader and the contributor are not.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["admin@owner.test", "spoc@owner.test"]
    assert cast.outsider_org.name in message.body
    assert "TLP-RED-CONTENT" not in message.body + message.subject and message.subject != "S"


def test_only_organisations_with_a_vetted_spoc_are_offered(cast, world):
    member(cast.space_org, spoc=True, vetted=False, email="pending-spoc@space.test")
    client = client_for(world["requester"])
    choices = list(client.get(reverse("assistance:request-create")).context["form"].fields["organisation"].queryset)
    assert choices == [cast.owner_org]
    response = client.post(
        reverse("assistance:request-create"), {"organisation": cast.space_org.pk, "subject": "S", "body": "B"}
    )
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not AssistanceRequest.objects.exists()


def test_bad_input(cast, world):
    client = client_for(world["requester"])
    new = reverse("assistance:request-create")
    # An unknown label, a model that is not shareable, a missing record and a hidden one: the same 404.
    for record, pk in (
        ("nope.Nothing", world["community_doc"].pk),
        ("garbage", 1),
        ("orgs.Organisation", cast.owner_org.pk),
        ("library.Document", 999999),
        ("library.Document", "abc"),
        ("library.Document", world["red_doc"].pk),
    ):
        assert client.get(new, {"record": record, "pk": pk}).status_code == 404, record
        assert client.post(new, {"record": record, "pk": pk, "organisation": cast.owner_org.pk, "subject": "S",
                                 "body": "B"}).status_code == 404, record  # fmt: skip
    response = client.post(new, {"organisation": cast.owner_org.pk, "subject": "S", "body": "   "})
    assert response.status_code == 200 and "body" in response.context["form"].errors
    thread = _thread(cast, world)
    response = client.post(thread.get_absolute_url(), {"body": ""})
    assert response.status_code == 200 and "body" in response.context["form"].errors
    assert client.post(reverse("assistance:request-status", args=[thread.pk]), {"status": "bogus"}).status_code == 302
    thread.refresh_from_db()
    assert thread.status == RequestStatus.OPEN
    assert not AssistanceRequest.objects.exclude(pk=thread.pk).exists()


def test_the_two_party_rule(client, cast, world):
    thread = _thread(cast, world, record=world["community_doc"])
    platform_admin = member(cast.platform_org, role=Role.ADMIN, spoc=True, email="admin@platform.test")
    staff = member(cast.space_org, role=Role.READER, email="staff@portal.test", is_staff=True, is_superuser=True)
    urls = [
        thread.get_absolute_url(),
        reverse("assistance:request-status", args=[thread.pk]),
        reverse("assistance:request-share", args=[thread.pk]),
    ]
    parties = {"requester": world["requester"], "requester_admin": world["requester_admin"], "spoc": world["spoc"],
               "admin": world["admin"]}  # fmt: skip
    # Decided: the sender organisation's admins see its outgoing threads; its other members do not.
    others = {
        "sender's colleague": cast.grantee,
        "owner-org contributor (not SPOC nor admin)": cast.owner_editor,
        "owner-org reader": cast.owner_reader,
        "outsider (another org)": cast.space_member,
        "platform user": cast.other_sector,
        "platform admin and SPOC": platform_admin,
        "portal superuser": staff,
    }
    for name, user in parties.items():
        client.force_login(user)
        page = client.get(urls[0])
        assert page.status_code == 200, name
        assert b"SECRET-BODY" in page.content and b"SUBJECT-LINE" in page.content
        listed = client.get(reverse("assistance:request-list"), {"box": "out" if "requester" in name else "in"})
        assert b"SUBJECT-LINE" in listed.content, name
    for name, user in others.items():
        client.force_login(user)
        assert client.get(urls[0]).status_code == 404, name
        for url in urls[1:]:
            assert client.post(url, {"status": "closed"}).status_code == 404, (name, url)
        assert client.post(urls[0], {"body": "intrusion"}).status_code == 404, name
        for box in ("in", "out"):
            assert b"SUBJECT-LINE" not in client.get(reverse("assistance:request-list"), {"box": box}).content, name
    # An unvetted account is signed out by the portal or shown nothing.
    client.force_login(cast.unvetted)
    assert client.get(urls[0]).status_code in (302, 404)
    assert client.post(urls[0], {"body": "intrusion"}).status_code in (302, 404)
    client.logout()
    for url in urls:
        response = client.get(url) if url == urls[0] else client.post(url)
        assert response.status_code == 302 and "login" in response.url
    assert client.get(reverse("assistance:request-list")).status_code == 302
    thread.refresh_from_db()
    assert thread.status == RequestStatus.OPEN and thread.messages.count() == 1


def test_answering_and_status_are_audited_and_notified(client, cast, world, django_capture_on_commit_callbacks):
    thread = _thread(cast, world)
    client.force_login(world["spoc"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(thread.get_absolute_url(), {"body": "ANSWER-TEXT"})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.status == RequestStatus.ANSWERED
    assert [m.to for m in mail.outbox] == [[world["requester"].email]]
    assert "ANSWER-TEXT" not in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="assistance.message", object_id=str(thread.pk)).count() == 1
    client.force_login(world["requester"])
    assert client.post(reverse("assistance:request-status", args=[thread.pk]), {"status": "closed"}).status_code == 302
    thread.refresh_from_db()
    assert thread.status == RequestStatus.CLOSED
    # A closed thread takes no message until it is reopened.
    response = client.post(thread.get_absolute_url(), {"body": "late"})
    assert response.status_code == 200 and "body" in response.context["form"].errors
    client.post(reverse("assistance:request-status", args=[thread.pk]), {"status": "open"})
    client.post(thread.get_absolute_url(), {"body": "MORE"})
    thread.refresh_from_db()
    assert thread.status == RequestStatus.OPEN and thread.messages.count() == 3
    assert AuditEvent.objects.filter(action="assistance.status", object_id=str(thread.pk)).count() == 2


def test_the_recipient_shares_the_record_with_the_requester(client, cast, world):
    # A record the requester can see only by name is attached, then shared into their reach by the owner.
    doc = DocumentFactory(owner_org=cast.owner_org, marker="ORG-DOC", tlp=TLP.AMBER)
    from portal.access.services import grant

    grant(actor=world["admin"], obj=doc, user=world["requester"])
    thread = _thread(cast, world, record=doc)
    # The grant is taken away: the requester no longer sees it, and asks for it back.
    from portal.access.services import revoke

    revoke(actor=world["admin"], obj=doc, user=world["requester"])
    assert not can_view(world["requester"], doc)

    share = reverse("assistance:request-share", args=[thread.pk])
    # The SPOC is a reader: no share button, and a forged POST is refused.
    client.force_login(world["spoc"])
    page = client.get(thread.get_absolute_url())
    assert b"ORG-DOC" in page.content and share.encode() not in page.content
    assert client.post(share).status_code == 403
    # The requester's side cannot share either (and cannot see the record now).
    client.force_login(world["requester"])
    page = client.get(thread.get_absolute_url())
    assert b"ORG-DOC" not in page.content and share.encode() not in page.content
    assert client.post(share).status_code == 404
    # The owner org's admin can.
    client.force_login(world["admin"])
    page = client.get(thread.get_absolute_url())
    assert share.encode() in page.content
    assert client.post(share).status_code == 302
    assert can_view(world["requester"], doc)
    assert AuditEvent.objects.filter(action="assistance.share", object_id=str(thread.pk)).exists()
    assert AuditEvent.objects.filter(action="grant.add", object_id=str(doc.pk)).count() == 2


def test_share_of_a_record_the_recipient_cannot_see_is_404(cast, world):
    # The requester attaches a record of a third organisation that the recipient cannot see.
    third = OrganisationFactory(name="Third Org", sector=Sector.NGO)
    doc = DocumentFactory(owner_org=third, marker="THIRD-DOC", distribution=Distribution.SPACES, tlp=TLP.AMBER,
                          spaces=[cast.space])  # fmt: skip
    from portal.orgs.models import SpaceMember

    SpaceMemberFactory(space=cast.space, organisation=cast.outsider_org)
    SpaceMember.objects.filter(space=cast.space, organisation=cast.owner_org).delete()
    thread = _thread(cast, world, record=doc)
    client = client_for(world["admin"])
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200 and b"THIRD-DOC" not in page.content
    assert b"a record you cannot see" in page.content
    assert client.post(reverse("assistance:request-share", args=[thread.pk])).status_code == 404


def test_a_deconfliction_hit_names_no_record(cast, world):
    thread = assistance_request_create(
        actor=world["requester"], recipient_org=cast.owner_org, subject="Hit", body="Call me", identifier_kind="phone"
    )
    assert thread.record_id is None and thread.identifier_kind == "phone"
    client = client_for(world["spoc"])
    page = client.get(thread.get_absolute_url())
    assert b"deconfliction hit" in page.content
    assert reverse("assistance:request-share", args=[thread.pk]).encode() not in page.content
    assert client.post(reverse("assistance:request-share", args=[thread.pk])).status_code == 404


def test_document_page_links_to_a_request(cast, world):
    client = client_for(world["requester"])
    page = client.get(world["community_doc"].get_absolute_url())
    assert request_create_url(world["community_doc"]).replace("&", "&amp;").encode() in page.content
    client.logout()
    assert b"requests/new" not in client.get(world["community_doc"].get_absolute_url()).content


def test_unvetted_users_and_volunteers_cannot_write(client, cast, world):
    volunteer = member(cast.outsider_org, role=Role.VOLUNTEER, email="spotter@outsider.test")
    for user in (cast.unvetted, volunteer):
        client.force_login(user)
        assert client.get(reverse("assistance:request-create")).status_code in (302, 404)
        client.post(reverse("assistance:request-create"), {"organisation": cast.owner_org.pk, "subject": "S",
                                                        "body": "B"})  # fmt: skip
    assert not AssistanceRequest.objects.exists()


def test_demo_threads_are_seeded_once():
    # Only the people, the documents and the threads: the whole demo world is seeded in tests/library/test_demo.py.
    world = DemoWorld()
    seed_people(world)
    seed_library(world)
    seed_assistance_requests(world)
    counts = (AssistanceRequest.objects.count(), AssistanceMessage.objects.count())
    seed_assistance_requests(world)
    assert (AssistanceRequest.objects.count(), AssistanceMessage.objects.count()) == counts
    assert counts[0] >= 2
    for thread in AssistanceRequest.objects.exclude(record_id=None):
        record = thread.record_type.model_class().bypass_policy.get(pk=thread.record_id)
        assert can_view(thread.sender, record)


def test_the_policy_names_the_two_sides_and_refuses_an_unknown_action(cast, world):
    thread = _thread(cast, world, record=world["community_doc"])
    assert assistance_policy.side_of(world["spoc"], thread) == RECIPIENT
    assert assistance_policy.side_of(world["requester_admin"], thread) == SENDER
    assert assistance_policy.side_of(cast.grantee, thread) is None
    assert assistance_policy.can(world["requester"], "reply", thread)
    assert not assistance_policy.can(world["requester"], "delete", thread)
    # Only the recipient side shares, and only a record it may share.
    assert not assistance_policy.can(world["requester"], "share_record", thread, world["community_doc"])
    assert assistance_policy.can(world["admin"], "share_record", thread, world["community_doc"])
    assert not assistance_policy.can(world["admin"], "share_record", thread, None)

"""The audit log: append-only, scoped pages, filters, CSV, views of non-public records."""

import pytest
from django.db import connection
from django.db.utils import DatabaseError
from django.urls import reverse

from portal.access.models import TLP, Distribution
from portal.audit.models import AuditEvent
from portal.audit.services import audit
from portal.orgs.models import Role
from tests.factories import BulletinFactory, client_for, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_admin(cast):
    return member(cast.owner_org, role=Role.ADMIN, email="admin@owner.test")


def test_events_cannot_be_changed_through_the_model(cast):
    event = audit(actor=cast.owner_editor, action="test")
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_trigger_refuses_update_and_delete_on_postgresql(cast):
    event = audit(actor=cast.owner_editor, action="test")
    with pytest.raises(DatabaseError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(DatabaseError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_org_admin_sees_only_their_organisations_events(cast, owner_admin):
    audit(actor=cast.owner_editor, action="mine.event")
    audit(actor=cast.outsider, action="their.event")
    client = client_for(owner_admin)
    body = client.get(reverse("audit:log")).content.decode()
    assert "mine.event" in body and "their.event" not in body
    csv = b"".join(client.get(reverse("audit:export")).streaming_content).decode()
    assert "mine.event" in csv and "their.event" not in csv
    # The organisation filter is for portal admins only: an org admin cannot widen the scope.
    body = client.get(reverse("audit:log"), {"organisation": cast.outsider_org.pk}).content.decode()
    assert "their.event" not in body


def test_portal_admin_sees_everything_and_filters(cast):
    staff = member(cast.owner_org, email="staff@portal.test")
    staff.is_staff = True
    staff.save()
    audit(actor=cast.owner_editor, action="mine.event")
    audit(actor=cast.outsider, action="their.event")
    client = client_for(staff)
    body = client.get(reverse("audit:log")).content.decode()
    assert "mine.event" in body and "their.event" in body
    body = client.get(reverse("audit:log"), {"actor": "officer@outsider.test"}).content.decode()
    assert "their.event" in body and "mine.event" not in body
    body = client.get(reverse("audit:log"), {"organisation": cast.outsider_org.pk}).content.decode()
    assert "their.event" in body and "mine.event" not in body
    assert client.get(reverse("audit:log"), {"date_from": "not-a-date"}).status_code == 400
    assert AuditEvent.objects.filter(action="audit.export").count() == 0
    client.get(reverse("audit:export"))
    assert AuditEvent.objects.filter(action="audit.export").count() == 1


def test_portal_admin_reads_events_of_no_organisation(cast):
    """A failed log-in or a superuser without a membership has no organisation: the log still shows it."""
    from tests.factories import UserFactory

    admin = UserFactory(email="root@portal.test", is_staff=True, is_superuser=True)
    audit(actor=None, action="login.failed", detail={"email": "nobody@example.org", "attempts": 3})
    audit(actor=admin, action="admin.event")
    client = client_for(admin)
    response = client.get(reverse("audit:log"))
    body = response.content.decode()
    assert response.status_code == 200 and "login.failed" in body and "admin.event" in body
    assert "nobody@example.org" in body and "{'email'" not in body  # detail as key and value, not a dict


def test_csv_cells_do_not_run_as_formulas(cast, owner_admin):
    audit(actor=cast.owner_editor, action="=cmd|calc")
    client = client_for(owner_admin)
    csv = b"".join(client.get(reverse("audit:export")).streaming_content).decode()
    assert "'=cmd|calc" in csv


def test_view_of_a_non_public_record_is_audited(cast):
    hidden = BulletinFactory(owner_org=cast.owner_org, marker="Org note")
    public = BulletinFactory(
        owner_org=cast.owner_org, marker="Public note", distribution=Distribution.PUBLIC, tlp=TLP.CLEAR
    )
    client = client_for(cast.owner_reader)
    assert client.get(hidden.get_absolute_url()).status_code == 200
    assert client.get(public.get_absolute_url()).status_code == 200
    views = AuditEvent.objects.filter(action="record.view")
    assert [e.object_id for e in views] == [str(hidden.pk)]
    assert views.get().actor == cast.owner_reader


def test_logins_and_failures_are_audited(client, cast):
    client.post(reverse("login"), {"username": "member@space.test", "password": "wrong-password-1"})
    client.post(reverse("login"), {"username": "member@space.test", "password": "correct-horse-battery-staple"})
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"login.failed", "login"} <= actions


def test_every_try_of_a_signed_in_user_is_in_the_log(cast):
    """Journey 10: the answers tell an intruder nothing, so the log must tell the owner everything."""
    from tests.factories import CaseFactory

    hidden = CaseFactory(owner_org=cast.owner_org, marker="HIDDEN-CASE-a7")
    client = client_for(cast.other_sector)
    tries = [f"/cases/{hidden.pk}/", f"/api/v1/cases/{hidden.pk}/", f"/cases/{hidden.pk + 999}/"]
    assert [client.get(path).status_code for path in tries] == [404, 404, 404]
    assert client.get(reverse("search:results"), {"q": "seller-of-HIDDEN"}).status_code == 200
    assert client.get(reverse("api:search"), {"q": "another", "country": "KE"}).status_code == 200
    client.post(reverse("notifications:subscriptions"), {"kind": "country", "value": "KE", "frequency": "daily"})
    assert client.get(reverse("audit:log")).status_code == 403  # not an admin: refused, and logged too
    client.get("/static/nothing-here.css")  # a file the browser asks for on its own is no one's try
    events = AuditEvent.objects.filter(actor=cast.other_sector).order_by("pk")
    assert [e.detail["path"] for e in events.filter(action="access.not_found")] == tries
    assert [e.detail["path"] for e in events.filter(action="access.refused")] == [reverse("audit:log")]
    assert [e.detail for e in events.filter(action="search.query")] == [
        {"q": "seller-of-HIDDEN"},
        {"q": "another", "country": "KE"},
    ]
    assert events.filter(action="subscription.create", detail__kind="country").count() == 1
    client.logout()
    client.get(f"/cases/{hidden.pk}/")
    assert not AuditEvent.objects.filter(actor=None, action="access.not_found").exists()  # anonymous: no one to name

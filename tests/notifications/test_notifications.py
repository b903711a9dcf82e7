"""Subscriptions, the in-portal list and e-mail digests: only what the recipient may see at sending time."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.access.models import TLP, Distribution
from portal.access.services import shareable_update
from portal.bulletins.models import Bulletin
from portal.notifications.models import Frequency, Kind, Subscription
from portal.notifications.services import send_digests, unsubscribe_token
from tests.factories import BulletinFactory, SubscriptionFactory, TaxonFactory, client_for


def subscribe(user, kind, value, frequency=Frequency.DAILY, age=timedelta(hours=2)):
    sub = SubscriptionFactory(user=user, kind=kind, value=value, frequency=frequency)
    Subscription.objects.filter(pk=sub.pk).update(created_at=timezone.now() - age)
    sub.refresh_from_db()
    return sub


def shared(cast, title, body="", **kwargs):
    kwargs.setdefault("distribution", Distribution.COMMUNITY)
    kwargs.setdefault("tlp", TLP.GREEN)
    obj = BulletinFactory(owner_org=cast.owner_org, marker=title, **kwargs)
    if body:
        Bulletin.bypass_policy.filter(pk=obj.pk).update(body=body)
        obj.refresh_from_db()
        obj.save()
    return obj


@pytest.mark.django_db
def test_digest_lists_matches_and_the_unsubscribe_link(cast):
    subscribe(cast.outsider, Kind.SEARCH, "pangolin")
    shared(cast, "Pangolin wave", body="pangolin scales on a marketplace")
    shared(cast, "Other news", body="parrots")
    assert send_digests("daily") == 1
    (message,) = mail.outbox
    assert message.to == [cast.outsider.email]
    assert "Pangolin wave" in message.body and "Other news" not in message.body
    assert "/notifications/unsubscribe/" in message.body
    # Already sent: nothing new, no second e-mail.
    assert send_digests("daily") == 0


@pytest.mark.django_db
def test_a_digest_of_many_subscriptions_looks_up_the_membership_once(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for word in ("pangolin", "ivory", "rhino", "parrot"):
        subscribe(cast.outsider, Kind.SEARCH, word)
        shared(cast, f"{word.title()} wave", body=f"{word} on a marketplace")
    with CaptureQueriesContext(connection) as ctx:
        assert send_digests("daily") == 1
    membership_reads = [q for q in ctx.captured_queries if 'FROM "orgs_membership"' in q["sql"]]
    assert len(membership_reads) == 1, [q["sql"] for q in membership_reads]
    assert all(f"{word.title()} wave" in mail.outbox[0].body for word in ("pangolin", "ivory", "rhino", "parrot"))


@pytest.mark.django_db
def test_narrowed_record_is_neither_in_the_digest_nor_in_the_portal_list(cast):
    subscribe(cast.space_member, Kind.SPACE, str(cast.space.pk))
    obj = shared(cast, "Task force note", distribution=Distribution.SPACES, tlp=TLP.AMBER, spaces=[cast.space])
    client = client_for(cast.space_member)
    assert "Task force note" in client.get(reverse("notifications:list")).content.decode()
    shareable_update(
        actor=cast.owner_editor,
        obj=obj,
        data={"distribution": Distribution.ORGANISATION},
        spaces=None,
        expected_version=obj.version,
    )
    assert "Task force note" not in client.get(reverse("notifications:list")).content.decode()
    assert "Task force note" not in client.get(reverse("notifications:list"), {"view": "all"}).content.decode()
    assert send_digests("daily") == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_red_record_is_a_link_only_and_redaction_applies(cast):
    red = shared(cast, "Red operation", body="rhino horn", distribution=Distribution.ORGANISATION, tlp=TLP.RED)
    subscribe(cast.owner_reader, Kind.SEARCH, "rhino")
    assert send_digests("daily") == 1
    message = mail.outbox[0]
    html = message.alternatives[0].content
    assert "Red operation" not in message.body and "Red operation" not in html
    assert red.get_absolute_url() in message.body
    assert "TLP:RED" in message.body


@pytest.mark.django_db
def test_hidden_records_never_reach_another_organisation(cast):
    subscribe(cast.outsider, Kind.COUNTRY, "KE")
    obj = shared(cast, "Org only KE", distribution=Distribution.ORGANISATION, tlp=TLP.AMBER)
    Bulletin.bypass_policy.filter(pk=obj.pk).update(countries=["KE"])
    Bulletin.bypass_policy.get(pk=obj.pk).save()
    assert send_digests("daily") == 0


@pytest.mark.django_db
def test_weekly_digest_waits_a_week_and_the_command_runs_the_task(cast):
    sub = subscribe(cast.outsider, Kind.SEARCH, "tortoise", frequency=Frequency.WEEKLY, age=timedelta(days=10))
    shared(cast, "Tortoise shipment", body="live tortoises")
    Subscription.objects.filter(pk=sub.pk).update(last_sent_at=timezone.now() - timedelta(days=2))
    call_command("send_digests", "--frequency", "weekly")
    assert mail.outbox == []
    Subscription.objects.filter(pk=sub.pk).update(last_sent_at=timezone.now() - timedelta(days=8))
    call_command("send_digests", "--frequency", "weekly")
    assert len(mail.outbox) == 1 and "Tortoise shipment" in mail.outbox[0].body


@pytest.mark.django_db
def test_unsubscribe_without_log_in(cast):
    sub = subscribe(cast.outsider, Kind.SEARCH, "ivory")
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(sub)])
    client = Client()
    assert client.get(url).status_code == 200
    sub.refresh_from_db()
    assert sub.active  # a GET (a link prefetcher) changes nothing
    assert client.post(url).status_code == 200
    sub.refresh_from_db()
    assert not sub.active
    bad = reverse("notifications:unsubscribe", args=["not-a-token"])
    assert client.post(bad).status_code == 400


@pytest.mark.django_db
def test_subscription_form_checks_its_value(cast):
    client = client_for(cast.outsider)
    url = reverse("notifications:subscriptions")
    response = client.post(url, {"kind": "space", "value": str(cast.space.pk), "frequency": "daily"})
    assert response.status_code == 400  # not a member of that space
    for odd in ("²", "١", "abc"):  # digits to str.isdigit() that are no id: a form error, not a 500
        assert client.post(url, {"kind": "space", "value": odd, "frequency": "daily"}).status_code == 400
    response = client.post(url, {"kind": "country", "value": "xx1", "frequency": "daily"})
    assert response.status_code == 400
    response = client.post(url, {"kind": "country", "value": "ke", "frequency": "weekly"})
    assert response.status_code == 302
    assert Subscription.objects.get(user=cast.outsider).value == "KE"
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 302


@pytest.mark.django_db
def test_a_species_is_followed_by_its_name_and_shown_by_it(cast):
    taxon = TaxonFactory(scientific_name="Testudo kleinmanni", common_names={"en": ["Egyptian tortoise"]})
    client = client_for(cast.outsider)
    url = reverse("notifications:subscriptions")
    for unknown in ("Testudo", "²", "999999"):
        response = client.post(url, {"kind": "taxon", "value": unknown, "frequency": "daily"})
        assert response.status_code == 400 and "No taxon of that name" in response.content.decode()
    assert client.post(url, {"kind": "taxon", "value": "testudo KLEINMANNI ", "frequency": "daily"}).status_code == 302
    assert Subscription.objects.get(user=cast.outsider).value == str(taxon.pk)  # the search facet's key
    assert "Taxon: Testudo kleinmanni (Egyptian tortoise)" in client.get(url).content.decode()

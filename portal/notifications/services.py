"""What a subscription matches now, for this user: a search run through the policy at the moment of asking.

Nothing is stored per notification: a record whose distribution narrows after the subscription was made
simply stops matching, in the portal list and in the next digest alike.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.access.models import TLP
from portal.notifications.models import Frequency, Kind, Subscription
from portal.search.services import Filters, search

FEED_DAYS = 30
PER_SUBSCRIPTION = 20
UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"
DIGEST_PERIOD = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}


def subscription_filters(subscription: Subscription, since) -> Filters:
    value = subscription.value
    filters = Filters(since=since)
    if subscription.kind == Kind.SPACE:
        filters.space = int(value) if (value.isascii() and value.isdigit()) else -1
    elif subscription.kind == Kind.TAXON:
        filters.taxon = value
    elif subscription.kind == Kind.COUNTRY:
        filters.country = value
    elif subscription.kind == Kind.PLATFORM:
        filters.platform = value
    else:
        filters.q = value
    return filters


def matches(subscription: Subscription, *, since=None, limit: int = PER_SUBSCRIPTION, user=None):
    """The hits of a subscription that its user may see now, newest first (visible, redacted records).

    user is the subscription's user, passed when the caller holds it already: the policy caches the user's
    membership on that object, so one digest of many subscriptions looks it up once.
    """
    since = since or max(subscription.created_at, timezone.now() - timedelta(days=FEED_DAYS))
    filters = subscription_filters(subscription, since)
    user = user if user is not None and user.pk == subscription.user_id else subscription.user
    return search(user, filters, per_page=limit, facets=False).hits


def recent_activity(user, *, limit: int = 50):
    """Everything the user may see that was shared or changed in the last FEED_DAYS days."""
    since = timezone.now() - timedelta(days=FEED_DAYS)
    return search(user, Filters(since=since), per_page=limit, facets=False).hits


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def subscription_from_token(token: str) -> Subscription | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def digest_sections(user, subscriptions) -> list[dict]:
    """Per subscription, the records to mention: a TLP:RED one is a link only, never its title or text."""
    sections = []
    for sub in subscriptions:
        since = max(filter(None, [sub.created_at, sub.last_sent_at]))
        items = []
        for hit in matches(sub, since=since, user=user):
            red = hit.obj.tlp == TLP.RED
            items.append(
                {
                    "red": red,
                    "title": "" if red else hit.title,
                    "marking": TLP(hit.obj.tlp).label,
                    "type": hit.type_label,
                    "url": _absolute(hit.url),
                }
            )
        if items:
            unsubscribe = _absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(sub)]))
            sections.append({"subscription": sub, "items": items, "unsubscribe": unsubscribe})
    return sections


def due_subscriptions(frequency: str, now=None):
    now = now or timezone.now()
    # A little slack, so that a daily run at the same hour every day is never skipped by a few seconds.
    cutoff = now - DIGEST_PERIOD[frequency] + timedelta(hours=1)
    return (
        Subscription.objects.filter(frequency=frequency, active=True, user__is_active=True)
        .filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=cutoff))
        .select_related("user")
        .order_by("user_id", "pk")
    )


def send_digests(frequency: str) -> int:
    """E-mail every user their due digest of the given frequency; returns the number of e-mails sent."""
    if frequency not in DIGEST_PERIOD:
        raise ValueError(f"frequency must be one of {', '.join(DIGEST_PERIOD)}, not {frequency!r}")
    now = timezone.now()
    by_user: dict[int, list[Subscription]] = {}
    for sub in due_subscriptions(frequency, now):
        by_user.setdefault(sub.user_id, []).append(sub)
    sent = 0
    for subs in by_user.values():
        user = subs[0].user
        sections = digest_sections(user, subs)
        if sections and user.email:
            context = {"user": user, "sections": sections, "frequency": Frequency(frequency).label}
            body = render_to_string("notifications/digest_email.txt", context)
            html = render_to_string("notifications/digest_email.html", context)
            message = EmailMultiAlternatives(
                subject=render_to_string("notifications/digest_subject.txt", context).strip(),
                body=body,
                to=[user.email],
                headers={"List-Unsubscribe": f"<{sections[0]['unsubscribe']}>"} if len(sections) == 1 else {},
            )
            message.attach_alternative(html, "text/html")
            message.send()
            sent += 1
        with transaction.atomic():
            Subscription.objects.filter(pk__in=[s.pk for s in subs]).update(last_sent_at=now)
    return sent

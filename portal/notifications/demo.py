"""Demo data: a few subscriptions for the first demo users of each sector, so the notifications page has content."""

from portal.notifications.models import Frequency, Kind, Subscription

DEMO_FOLLOWS = [(Kind.SEARCH, "ivory", Frequency.DAILY), (Kind.COUNTRY, "KE", Frequency.WEEKLY)]


def seed_subscriptions(world) -> None:
    seen_sectors = set()
    for user in world.users.values():
        membership = getattr(user, "membership", None)
        if membership is None or membership.organisation.sector in seen_sectors:
            continue
        seen_sectors.add(membership.organisation.sector)
        for kind, value, frequency in DEMO_FOLLOWS:
            Subscription.objects.get_or_create(user=user, kind=kind, value=value, defaults={"frequency": frequency})

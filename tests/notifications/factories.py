"""Factories of subscriptions."""

import factory

from portal.notifications.models import Kind, Subscription
from tests.orgs.factories import UserFactory


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    user = factory.SubFactory(UserFactory)
    kind = Kind.SEARCH
    value = "ivory"

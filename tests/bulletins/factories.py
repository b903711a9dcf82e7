"""Factories of bulletins."""

import factory

from portal.bulletins.models import Bulletin
from tests.access.factories import ShareableFactory


class BulletinFactory(ShareableFactory):
    class Meta:
        model = Bulletin

    title = factory.SelfAttribute("marker")
    body = factory.LazyAttribute(lambda o: f"Body of {o.marker}")
    persons_of_interest = factory.LazyAttribute(lambda o: f"Seller handle of {o.marker}")

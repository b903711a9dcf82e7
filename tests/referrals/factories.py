"""Factories of referrals and volunteer reports."""

import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from referrals.models import Referral, VolunteerReport
from referrals.services import normalise_url
from tests.access.factories import ShareableFactory
from tests.cases.factories import PlatformFactory


class ReferralFactory(ShareableFactory):
    class Meta:
        model = Referral

    platform = factory.SubFactory(PlatformFactory)
    url = "https://sweep.example/item/1"
    listing_id = "L-1"
    reason = factory.SelfAttribute("marker")
    legal_basis = factory.LazyAttribute(lambda o: f"Law of {o.marker}")
    sent_at = factory.LazyFunction(timezone.now)


class VolunteerReportFactory(ShareableFactory):
    """A report with a small 'PNG' whose bytes hold the marker, so the screenshot download can be swept."""

    class Meta:
        model = VolunteerReport

    class Params:
        content = factory.LazyAttribute(lambda o: b"\x89PNG\r\n\x1a\n" + o.marker.encode())

    url = "https://sweep.example/item/2"
    normalised_url = factory.LazyAttribute(lambda o: normalise_url(o.url))
    text = factory.SelfAttribute("marker")
    reporter_name = factory.LazyAttribute(lambda o: f"Volunteer of {o.marker}")
    screenshot_type = "image/png"
    screenshot_sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    screenshot = factory.LazyAttribute(lambda o: ContentFile(o.content, name="sweep"))

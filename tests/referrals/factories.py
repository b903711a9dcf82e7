"""How the access sweep and the referral tests make referrals and volunteer reports."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from cases.models import Platform
from portal.access.models import TLP, Distribution
from referrals.models import Referral, VolunteerReport
from referrals.services import normalise_url


def sweep_platform(organisation=None, name="Sweep platform"):
    platform, _ = Platform.objects.get_or_create(name=name, defaults={"organisation": organisation})
    return platform


def make_referral(
    *, owner_org, marker, distribution=Distribution.ORGANISATION, tlp=TLP.AMBER, spaces=(), author=None, **fields
):
    fields.setdefault("platform", sweep_platform())
    obj = Referral.bypass_policy.create(
        owner_org=owner_org,
        author=author,
        distribution=distribution,
        tlp=tlp,
        url="https://sweep.example/item/1",
        listing_id="L-1",
        reason=marker,
        legal_basis="Law of " + marker,
        sent_at=timezone.now(),
        **fields,
    )
    obj.spaces.set(spaces)
    return obj


def make_volunteer_report(
    *, owner_org, marker, distribution=Distribution.ORGANISATION, tlp=TLP.AMBER, spaces=(), author=None, **fields
):
    """A report with a small 'PNG' whose bytes hold the marker, so the screenshot download can be swept."""
    url = fields.pop("url", "https://sweep.example/item/2")
    obj = VolunteerReport(
        owner_org=owner_org,
        author=author,
        distribution=distribution,
        tlp=tlp,
        url=url,
        normalised_url=normalise_url(url),
        text=marker,
        reporter_name=f"Volunteer of {marker}",
        **fields,
    )
    content = b"\x89PNG\r\n\x1a\n" + marker.encode()
    obj.screenshot_type, obj.screenshot_sha256 = "image/png", hashlib.sha256(content).hexdigest()
    obj.screenshot.save("sweep", ContentFile(content), save=False)
    obj.save()
    obj.spaces.set(spaces)
    return obj

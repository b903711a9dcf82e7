"""Filtering adverts by code word goes through the code word's own visibility."""

import pytest
from django.urls import reverse

from portal.access.models import TLP, Distribution
from tests.factories import AdvertCodeWordHitFactory, AdvertFactory, CodeWordFactory

pytestmark = pytest.mark.django_db


def test_a_hidden_code_word_cannot_be_used_to_filter_adverts(client, cast):
    advert = AdvertFactory(
        owner_org=cast.owner_org, marker="Open advert", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
    )
    hidden = CodeWordFactory(owner_org=cast.owner_org, marker="hidden meaning", term="xyhidden")
    shared = CodeWordFactory(
        owner_org=cast.owner_org, marker="shared meaning", term="xyshared", distribution=Distribution.COMMUNITY,
        tlp=TLP.GREEN,
    )  # fmt: skip
    for word in (hidden, shared):
        AdvertCodeWordHitFactory(advert=advert, code_word=word, start=0, end=2)
    client.force_login(cast.outsider)
    url = reverse("api:case-advert-list")
    assert client.get(url, {"code_word": shared.pk}).json()["count"] == 1
    assert client.get(url, {"code_word": hidden.pk}).json()["count"] == 0
    client.force_login(cast.owner_editor)
    assert client.get(url, {"code_word": hidden.pk}).json()["count"] == 1

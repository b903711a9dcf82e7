"""Answers holding records are `Cache-Control: private, no-store`: every answer to a signed-in user, every API answer.

Decided: an anonymous page (the log-in page, a public record) keeps what its view sets, as it holds nothing
private; a view that sets its own Cache-Control keeps it.
"""

import pytest
from django.test import Client
from django.urls import reverse

from portal.access.models import TLP, Distribution
from tests.factories import BulletinFactory, client_for

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def test_a_record_page_is_private(cast):
    bulletin = BulletinFactory(owner_org=cast.owner_org, marker="Org note")
    response = client_for(cast.owner_reader).get(bulletin.get_absolute_url())
    assert response.status_code == 200 and response["Cache-Control"] == PRIVATE


def test_an_api_list_is_private(cast):
    response = client_for(cast.owner_reader).get("/api/v1/bulletins/")
    assert response.status_code == 200 and response["Cache-Control"] == PRIVATE


def test_an_anonymous_api_answer_is_private_too(cast):
    response = Client().get("/api/v1/bulletins/")
    assert response["Cache-Control"] == PRIVATE


def test_a_refusal_to_a_signed_in_user_is_private(cast):
    response = client_for(cast.outsider).get(reverse("cases:detail", args=[999999]))
    assert response.status_code == 404 and response["Cache-Control"] == PRIVATE


def test_an_anonymous_public_page_is_left_to_its_view(cast):
    public = BulletinFactory(owner_org=cast.owner_org, marker="Public note")
    public.distribution, public.tlp = Distribution.PUBLIC, TLP.CLEAR
    public.save()
    response = Client().get(public.get_absolute_url())
    assert response.status_code == 200 and "Cache-Control" not in response


def test_a_view_s_own_caching_is_kept(cast):
    # The log-in page is never_cache: Django's stricter header, not replaced.
    response = client_for(cast.owner_reader).get(reverse("login"))
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]

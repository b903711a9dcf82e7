"""Error pages: a hidden record's 404 is the portal's own page, word for word the page of a record that does not exist."""

import re

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, client_for

pytestmark = pytest.mark.django_db


def _without_tokens(html: str) -> str:
    """The page less what changes per response (CSP nonces, CSRF tokens)."""
    return re.sub(r'(nonce|value)="[^"]*"', r'\1=""', html)


def test_a_hidden_record_answers_the_same_404_page_as_a_missing_one(cast):
    hidden = CaseFactory(owner_org=cast.owner_org, marker="HIDDEN-CASE-e4")
    client = client_for(cast.other_sector)
    answers = [client.get(reverse("cases:detail", args=[pk])) for pk in (hidden.pk, hidden.pk + 1000)]
    assert [a.status_code for a in answers] == [404, 404]
    pages = [_without_tokens(a.content.decode()) for a in answers]
    assert pages[0] == pages[1]
    assert "Not found" in pages[0] and "HIDDEN-CASE-e4" not in pages[0]
    assert 'href="/search/"' in pages[0]  # the portal's page, with its menu and a way on


def test_a_refusal_says_why_on_the_portal_page(cast):
    case = CaseFactory(owner_org=cast.owner_org, marker="READ-ONLY-e5")
    response = client_for(cast.owner_reader).get(reverse("access:share", args=["cases.case", case.pk]))
    assert response.status_code == 403
    assert "Only editors of the owner organisation may share this record." in response.content.decode()

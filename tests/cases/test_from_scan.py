"""Texts ticked on the lexicon's scan page become adverts of a new or existing case, through cases.services."""

import pytest
from django.urls import reverse

from cases.models import Advert, Case
from portal.access.models import Distribution
from tests.factories import CaseFactory, client_for

pytestmark = pytest.mark.django_db

URL = "https://market.example/listing/77"


def _rows(*rows, picked=None):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": "0"}
    for i, (url, text) in enumerate(rows):
        data.update({f"rows-{i}-url": url, f"rows-{i}-text": text, f"rows-{i}-posted_at": ""})
        if picked is None or i in picked:
            data[f"rows-{i}-pick"] = "on"
    return data


def test_the_scan_page_offers_its_rows_to_a_case(client, cast):
    client.force_login(cast.owner_editor)
    body = client.post(reverse("lexicon:scan"), {"text": "Fresh white gold for sale"}).content.decode()
    assert reverse("cases:from-scan") in body and 'name="rows-0-pick"' in body
    client.force_login(cast.owner_reader)
    body = client.post(reverse("lexicon:scan"), {"text": "Fresh white gold for sale"}).content.decode()
    assert reverse("cases:from-scan") not in body


def test_ticked_texts_become_adverts_of_a_new_case(cast):
    client = client_for(cast.owner_editor)
    rows = _rows((URL, "Scales, 2 kg, DM me"), ("", "Not this one"), ("", "Horn powder by courier"), picked={0, 2})
    confirm = client.post(reverse("cases:from-scan"), rows)
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "Scales, 2 kg" in body and "Not this one" not in body
    response = client.post(reverse("cases:from-scan"), {**_rows((URL, "Scales, 2 kg, DM me"), ("", "Horn powder by courier")),
                                                        "confirm": "1", "new_case_title": "Scan of market X"})  # fmt: skip
    assert response.status_code == 302
    case = Case.bypass_policy.get(title="Scan of market X")
    assert (case.owner_org, case.distribution, case.tlp) == (cast.owner_org, Distribution.ORGANISATION, "amber")
    adverts = list(Advert.bypass_policy.filter(case=case).order_by("pk"))
    assert [(a.url, a.text) for a in adverts] == [(URL, "Scales, 2 kg, DM me"), ("", "Horn powder by courier")]
    assert all(a.tlp == case.tlp and a.distribution == case.distribution for a in adverts)


def test_texts_join_an_existing_case_the_user_may_change_only(cast):
    own = CaseFactory(owner_org=cast.owner_org, marker="Own case", distribution=Distribution.COMMUNITY)
    other = CaseFactory(owner_org=cast.outsider_org, marker="Other's case", distribution=Distribution.COMMUNITY)
    client = client_for(cast.owner_editor)
    data = {**_rows((URL, "Ivory bangles")), "confirm": "1"}
    refused = client.post(reverse("cases:from-scan"), {**data, "case": other.pk})
    assert refused.status_code == 400 and not Advert.bypass_policy.filter(case=other).exists()
    assert client.post(reverse("cases:from-scan"), {**data, "case": own.pk}).status_code == 302
    advert = Advert.bypass_policy.get(case=own)
    assert advert.distribution == Distribution.COMMUNITY and advert.text == "Ivory bangles"


@pytest.mark.parametrize(
    "data",
    [
        {},  # no management form
        {"rows-TOTAL_FORMS": "x", "rows-INITIAL_FORMS": "0"},
        _rows((URL, "Ticked nothing"), picked=set()),
        _rows(("not a url", "Bad address")),
        {**_rows(*[("", f"text {i}") for i in range(1001)])},
        {**_rows((URL, "No case chosen")), "confirm": "1"},
    ],
)
def test_bad_input_is_a_400_and_writes_nothing(cast, data):
    client = client_for(cast.owner_editor)
    before = Advert.bypass_policy.count()
    assert client.post(reverse("cases:from-scan"), data).status_code == 400
    assert Advert.bypass_policy.count() == before


def test_readers_and_anonymous_cannot_add(cast):
    data = {**_rows((URL, "Scales")), "confirm": "1", "new_case_title": "Nope"}
    client = client_for(cast.owner_reader)
    assert client.post(reverse("cases:from-scan"), data).status_code == 403
    client.logout()
    assert client.post(reverse("cases:from-scan"), data).status_code == 302  # to the log-in page
    assert client.get(reverse("cases:from-scan")).status_code in (302, 405)
    assert not Case.bypass_policy.filter(title="Nope").exists()

"""Platforms receive only releasable code words, through every path; everyone else gets what the policy allows."""

import json

import pytest
from django.urls import reverse

from lexicon.models import CodeWord
from lexicon.services import codeword_update
from portal.access.models import TLP, Distribution
from tests.factories import CodeWordFactory, client_for

SECRET = "GLOSS-not-for-platforms-41c"
OPEN = "GLOSS-releasable-82d"


@pytest.fixture
def words(cast):
    hidden = CodeWordFactory(
        owner_org=cast.owner_org,
        marker=SECRET,
        term="mzigo",
        distribution=Distribution.COMMUNITY,
        tlp=TLP.GREEN,
        releasable=False,
    )
    shown = CodeWordFactory(
        owner_org=cast.owner_org,
        marker=OPEN,
        term="jelly",
        distribution=Distribution.COMMUNITY,
        tlp=TLP.GREEN,
        releasable=True,
    )
    return hidden, shown


def bodies(client, hidden, shown):
    """What each path answers, as text, for one client."""
    scan_text = "buy mzigo and jelly"
    return {
        "list": client.get(reverse("lexicon:list")).content.decode(),
        "api-list": client.get(reverse("api:codeword-list")).content.decode(),
        "export-csv": client.get(reverse("lexicon:export-csv")).content.decode(),
        "export-json": client.get(reverse("lexicon:export-json")).content.decode(),
        "scan-page": client.post(reverse("lexicon:scan"), {"text": scan_text}).content.decode(),
        "scan-api": client.post(
            reverse("api:lexicon-scan-list"), {"texts": [scan_text]}, content_type="application/json"
        ).content.decode(),
    }


def test_platform_user_never_gets_a_code_word_that_is_not_releasable(cast, words):
    hidden, shown = words
    client = client_for(cast.other_sector)
    for path, body in bodies(client, hidden, shown).items():
        assert OPEN in body, path
        assert SECRET not in body, path
    for name in ("lexicon:detail", "lexicon:edit", "api:codeword-detail"):
        assert client.get(reverse(name, args=[hidden.pk])).status_code == 404, name
        assert client.get(reverse(name, args=[shown.pk])).status_code in (200, 403), name


def test_other_sectors_get_both(cast, words):
    hidden, shown = words
    client = client_for(cast.outsider)
    for path, body in bodies(client, hidden, shown).items():
        assert OPEN in body and SECRET in body, path
    assert client.get(reverse("lexicon:detail", args=[hidden.pk])).status_code == 200


def test_scan_api_uses_only_code_words_the_caller_may_see(cast, words):
    hidden, shown = words
    org_only = CodeWordFactory(owner_org=cast.owner_org, marker="GLOSS-org-only", term="tembo")
    response = client_for(cast.outsider).post(
        reverse("api:lexicon-scan-list"), {"texts": ["tembo", "jelly"]}, content_type="application/json"
    )
    results = response.json()["results"]
    assert results[0]["hits"] == []
    assert [h["code_word"] for h in results[1]["hits"]] == [shown.pk]
    owner = client_for(cast.owner_reader).post(
        reverse("api:lexicon-scan-list"), {"texts": ["tembo"]}, content_type="application/json"
    )
    assert [h["code_word"] for h in owner.json()["results"][0]["hits"]] == [org_only.pk]


def test_the_scanner_is_rebuilt_when_a_code_word_changes(cast, words):
    hidden, shown = words
    client = client_for(cast.other_sector)
    url = reverse("api:lexicon-scan-list")
    assert client.get(url, {"text": "mzigo"}).json()["results"][0]["hits"] == []
    codeword_update(actor=cast.owner_editor, obj=hidden, data={"releasable": True}, expected_version=hidden.version)
    assert [h["code_word"] for h in client.get(url, {"text": "mzigo"}).json()["results"][0]["hits"]] == [hidden.pk]
    shown = CodeWord.bypass_policy.get(pk=shown.pk)
    codeword_update(actor=cast.owner_editor, obj=shown, data={"releasable": False}, expected_version=shown.version)
    assert client.get(url, {"text": "jelly"}).json()["results"][0]["hits"] == []


def test_export_states_the_most_restrictive_tlp_and_is_audited(cast, words):
    from portal.audit.models import AuditEvent

    CodeWordFactory(
        owner_org=cast.owner_org, marker="GLOSS-amber", term="amberword", distribution=Distribution.COMMUNITY
    )
    client = client_for(cast.outsider)
    response = client.get(reverse("lexicon:export-json"))
    body = json.loads(response.content)
    assert body["tlp"] == "TLP:AMBER" and response["X-TLP"] == "TLP:AMBER"
    assert {row["meaning"] for row in body["code_words"]} == {SECRET, OPEN, "GLOSS-amber"}
    green = client.get(reverse("lexicon:export-csv"), {"max_tlp": "green"}).content.decode()
    assert green.startswith("# TLP:GREEN") and "GLOSS-amber" not in green
    assert client.get(reverse("lexicon:export-csv"), {"max_tlp": "purple"}).status_code == 400
    events = AuditEvent.objects.filter(action="lexicon.export", actor=cast.outsider)
    assert events.count() == 2


def test_space_page_shows_platforms_only_releasable_code_words(cast):
    hidden = CodeWordFactory(
        owner_org=cast.owner_org,
        marker="GLOSS-space-secret",
        term="siri",
        distribution=Distribution.SPACES,
        spaces=[cast.other_space],
        releasable=False,
    )
    hidden.spaces.set([cast.other_space])
    body = client_for(cast.other_sector).get(reverse("orgs:space-detail", args=[cast.other_space.pk])).content
    assert b"siri" not in body

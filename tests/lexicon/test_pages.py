"""Code-word pages and services, the scan page's uploads, the scan API's limits, the Species+ sync."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from lexicon.models import CodeWord, CodeWordRevision, Taxon
from lexicon.reference import load_reference_data
from lexicon.speciesplus import SpeciesPlusError, sync
from portal.access.models import TLP, Distribution
from tests.factories import CodeWordFactory, client_for

SAMPLE = Path(__file__).parent / "data" / "species_plus_sample.json"


def form_data(**overrides):
    data = {
        "term": "XY",
        "language": "zh-Latn",
        "script": "Latn",
        "category": "abbreviation",
        "gloss": "ivory",
        "platforms": "MarketHub\nChatLine",
        "confidence": "confirmed",
        "status": "active",
        "distribution": Distribution.COMMUNITY,
        "tlp": TLP.GREEN,
        "pap": "green",
        "releasable": "on",
    }
    data.update(overrides)
    return data


def test_create_and_edit_write_revisions(cast):
    client = client_for(cast.owner_editor)
    response = client.post(reverse("lexicon:create"), form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    word = CodeWord.bypass_policy.get(term="XY")
    assert word.platforms == ["MarketHub", "ChatLine"] and word.releasable
    response = client.post(
        reverse("lexicon:edit", args=[word.pk]), form_data(confidence="probable", version=word.version)
    )
    assert response.status_code == 302
    latest = CodeWordRevision.objects.filter(code_word=word).first()
    assert latest.changes["confidence"] == ["confirmed", "probable"]
    assert latest.actor == cast.owner_editor and latest.actor_org == cast.owner_org
    page = client_for(cast.outsider).get(reverse("lexicon:detail", args=[word.pk])).content.decode()
    assert "probable" in page and "confidence" in page


def test_edit_rejects_a_stale_version_and_bad_dates(cast):
    word = CodeWordFactory(owner_org=cast.owner_org, marker="m", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    client = client_for(cast.owner_editor)
    stale = client.post(reverse("lexicon:edit", args=[word.pk]), form_data(version=word.version - 1 or 99))
    assert stale.status_code == 200 and "Someone else saved" in stale.content.decode()
    bad = client.post(
        reverse("lexicon:create"), form_data(first_seen="2026-05-01", last_seen="2026-01-01")
    ).content.decode()
    assert "Last seen cannot be before first seen" in bad


def test_readers_and_platforms_cannot_edit_others_code_words(cast):
    word = CodeWordFactory(owner_org=cast.owner_org, marker="m", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    assert client_for(cast.owner_reader).get(reverse("lexicon:edit", args=[word.pk])).status_code == 403
    assert client_for(cast.other_sector).get(reverse("lexicon:edit", args=[word.pk])).status_code == 403


def test_list_filters(cast):
    CodeWordFactory(owner_org=cast.owner_org, marker="GLOSS-a", term="alpha", distribution=Distribution.COMMUNITY,
                    tlp=TLP.GREEN, confidence="confirmed")  # fmt: skip
    CodeWordFactory(owner_org=cast.owner_org, marker="GLOSS-b", term="beta", distribution=Distribution.COMMUNITY,
                    tlp=TLP.GREEN, confidence="suspected")  # fmt: skip
    body = client_for(cast.outsider).get(reverse("lexicon:list"), {"confidence": "confirmed"}).content.decode()
    assert "GLOSS-a" in body and "GLOSS-b" not in body
    body = client_for(cast.outsider).get(reverse("lexicon:list"), {"taxon": "not-a-number"}).content.decode()
    assert "GLOSS-a" in body  # an invalid filter is ignored, not a 500


def test_scan_page_reads_csv_and_xlsx_and_downloads_csv(cast):
    CodeWordFactory(owner_org=cast.owner_org, marker="GLOSS-ivory", term="XY", distribution=Distribution.COMMUNITY,
                    tlp=TLP.GREEN)  # fmt: skip
    client = client_for(cast.outsider)
    csv_file = SimpleUploadedFile(
        "ads.csv", b"url,text,posted_at\nhttps://example.test/1,Fine X.Y bangle,2026-01-02\n,nothing,\n"
    )
    page = client.post(reverse("lexicon:scan"), {"file": csv_file})
    body = page.content.decode()
    assert page.status_code == 200 and "<mark" in body and "GLOSS-ivory" in body
    book = Workbook()
    sheet = book.active
    sheet.append(["url", "text", "posted_at"])
    sheet.append(["https://example.test/2", "象牙 and ＸＹ", None])
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = SimpleUploadedFile("ads.xlsx", buffer.getvalue())
    download = client.post(reverse("lexicon:scan"), {"file": xlsx, "format": "csv"})
    text = download.content.decode()
    assert download["Content-Type"].startswith("text/csv")
    assert text.startswith("# TLP:GREEN") and "ＸＹ" in text and "GLOSS-ivory" in text


@pytest.mark.parametrize(
    ("name", "content"),
    [("ads.txt", b"hello"), ("ads.csv", b"url,body\nx,y\n"), ("ads.xlsx", b"not a zip"), ("ads.csv", b"\xff\xfe\x00")],
)
def test_scan_page_refuses_bad_files_with_a_form_error(cast, name, content):
    response = client_for(cast.outsider).post(reverse("lexicon:scan"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()


def test_scan_api_limits_texts_per_request(cast):
    client = client_for(cast.outsider)
    url = reverse("api:lexicon-scan-list")
    ok = client.post(url, {"texts": ["x"] * 1000}, content_type="application/json")
    assert ok.status_code == 200 and len(ok.json()["results"]) == 1000
    too_many = client.post(url, {"texts": ["x"] * 1001}, content_type="application/json")
    assert too_many.status_code == 400 and "texts" in too_many.json()
    assert client.post(url, {"texts": "x"}, content_type="application/json").status_code == 400
    assert client.post(url, {}, content_type="application/json").json().keys() == {"texts"}


def test_api_create_and_update_record_revisions(cast):
    client = client_for(cast.owner_editor)
    created = client.post(
        reverse("api:codeword-list"),
        {"term": "jelly", "language": "en", "gloss": "ivory", "distribution": "community", "tlp": "green"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    updated = client.patch(
        reverse("api:codeword-detail", args=[pk]),
        {"status": "retired", "version": created.json()["version"]},
        content_type="application/json",
    )
    assert updated.status_code == 200, updated.content
    assert CodeWordRevision.objects.filter(code_word_id=pk).first().changes["status"] == ["active", "retired"]


def test_taxa_are_reference_data_for_vetted_members(cast):
    assert Taxon.objects.count() >= 40
    assert client_for(cast.other_sector).get(reverse("api:taxon-list")).status_code == 200
    assert Client().get(reverse("api:taxon-list")).status_code in (401, 403)
    assert client_for(cast.unvetted).get(reverse("api:taxon-list")).status_code in (401, 403)


def test_reference_data_load_is_idempotent(db):
    from lexicon.models import CitesCode

    before = (Taxon.objects.count(), CitesCode.objects.count())
    load_reference_data(Taxon, CitesCode)
    assert (Taxon.objects.count(), CitesCode.objects.count()) == before
    assert CitesCode.objects.filter(kind="term", code="IVC").exists()


def test_species_plus_sync_applies_the_recorded_sample(db):
    sample = json.loads(SAMPLE.read_text())
    calls = []

    def fetch(url, token):
        calls.append((url, token))
        return sample

    counts = sync(token="t0ken", names=["Loxodonta africana"], fetch=fetch)
    assert calls[0][1] == "t0ken" and "name=Loxodonta+africana" in calls[0][0]
    assert counts == {"updated": 2, "created": 0, "skipped": 1}
    elephant = Taxon.objects.get(scientific_name="Loxodonta africana")
    assert elephant.species_plus_id == 4521 and elephant.cites_appendix == "I/II"
    assert "annotation 2" in elephant.annotation and elephant.common_names["fr"] == ["Éléphant africain"]
    with pytest.raises(SpeciesPlusError):
        sync(token="", names=["x"], fetch=fetch)
    with pytest.raises(SpeciesPlusError):
        sync(token="t", names=["x"], fetch=lambda url, token: {"error": "nope"})


def test_scan_api_caps_the_characters_of_one_request_naming_the_field(cast, settings):
    client = client_for(cast.outsider)
    url = reverse("api:lexicon-scan-list")
    settings.PORTAL_SCAN_MAX_CHARS = 1000
    assert client.post(url, {"texts": ["x" * 500] * 2}, content_type="application/json").status_code == 200
    too_long = client.post(url, {"texts": ["x" * 500, "x" * 501]}, content_type="application/json")
    assert too_long.status_code == 400 and too_long.json().keys() == {"texts"}
    assert "1000 characters" in too_long.json()["texts"][0]
    settings.PORTAL_SCAN_MAX_TEXTS = 3
    too_many = client.post(url, {"texts": ["x"] * 4}, content_type="application/json")
    assert too_many.status_code == 400 and "At most 3 texts" in too_many.json()["texts"][0]


def test_scan_api_is_throttled_per_user_and_per_token(cast, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    from portal.accounts.services import create_token

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "scan", "2/min")
    url = reverse("api:lexicon-scan-list")
    session = client_for(cast.outsider)
    assert [session.post(url, {"texts": ["x"]}, content_type="application/json").status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    # A token is its user: it shares the user's count, another user has their own.
    _, raw = create_token(user=cast.outsider, name="monitor", days=1)
    by_token = Client().post(url, {"texts": ["x"]}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert by_token.status_code == 429
    assert client_for(cast.grantee).post(url, {"texts": ["x"]}, content_type="application/json").status_code == 200

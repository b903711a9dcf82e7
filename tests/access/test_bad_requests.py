"""Requests the portal will not read answer 400 naming what is wrong (never a 500), and a signed-in user's is audited.

Run on SQLite and on PostgreSQL: NUL characters and out-of-range UTC offsets fail only on PostgreSQL.
"""

import pytest
from django.test import Client

from portal.audit.models import AuditEvent
from portal.parsers import MAX_DEPTH, nesting_depth
from tests.factories import client_for

pytestmark = pytest.mark.django_db

OFFSET_OUT_OF_RANGE = "2026-01-01T00:00:00+19:00"


def refusals(user) -> list[dict]:
    return list(AuditEvent.objects.filter(actor=user, action="access.bad_request").values_list("detail", flat=True))


class TestDeeplyNestedJson:
    @pytest.mark.parametrize("url", ["/api/v1/lexicon/scan/", "/api/v1/cases/"])
    def test_is_a_400_naming_the_nesting(self, cast, url):
        body = "[" * 5000 + "]" * 5000
        response = client_for(cast.owner_editor).post(url, body, content_type="application/json")
        assert response.status_code == 400
        assert f"nested deeper than {MAX_DEPTH} levels" in response.json()["detail"]
        assert refusals(cast.owner_editor) == [{"method": "POST", "path": url}]

    def test_the_limit_is_exact_and_ordinary_json_is_read(self, cast):
        client = client_for(cast.owner_editor)

        def nested(depth):
            value = "fresh ivory"
            for _ in range(depth - 1):
                value = [value]
            return {"texts": value}

        assert nesting_depth(nested(MAX_DEPTH)) == MAX_DEPTH
        at_limit = client.post("/api/v1/lexicon/scan/", nested(MAX_DEPTH), content_type="application/json")
        assert at_limit.status_code == 400 and "nested deeper" not in at_limit.content.decode()  # the serializer's 400
        past = client.post("/api/v1/lexicon/scan/", nested(MAX_DEPTH + 1), content_type="application/json")
        assert past.status_code == 400 and "nested deeper" in past.json()["detail"]
        ordinary = client.post("/api/v1/lexicon/scan/", {"texts": ["fresh ivory"]}, content_type="application/json")
        assert ordinary.status_code == 200


class TestUtcOffsetOutOfRange:
    @pytest.mark.parametrize(
        ("url", "name"),
        [
            ("/api/v1/bulletins/", "created_after"),
            ("/api/v1/documents/", "created_after"),
            ("/api/v1/codewords/", "updated_after"),
            ("/api/v1/case-adverts/", "posted_after"),
        ],
    )
    def test_is_a_400_naming_the_filter(self, cast, url, name):
        response = client_for(cast.owner_editor).get(url, {name: OFFSET_OUT_OF_RANGE})
        assert response.status_code == 400
        assert response.json() == {name: ["Enter a UTC offset between -14:00 and +14:00."]}
        assert refusals(cast.owner_editor) == [{"method": "GET", "path": url}]

    def test_a_time_out_of_range_in_utc_is_a_400_and_a_real_offset_is_read(self, cast):
        client = client_for(cast.owner_editor)
        response = client.get("/api/v1/bulletins/", {"created_after": "0001-01-01T00:00:00+01:00"})
        assert response.status_code == 400 and list(response.json()) == ["created_after"]
        assert client.get("/api/v1/bulletins/", {"created_after": "2026-01-01T00:00:00+14:00"}).status_code == 200


class TestNulCharacter:
    @pytest.mark.parametrize("who", ["owner_editor", "anonymous"])
    def test_in_the_bulletin_search_is_a_400_page_naming_the_field(self, cast, who):
        user = getattr(cast, who)
        response = (client_for(user) if user.is_authenticated else Client()).get("/bulletins/?q=%00")
        assert response.status_code == 400
        body = response.content.decode()
        assert "Bad request" in body and "q: A NUL character (%00) is not allowed here." in body

    def test_in_a_path_is_a_400_and_is_audited(self, cast):
        response = client_for(cast.owner_editor).get("/cases/%00/")
        assert response.status_code == 400
        assert "The address holds a NUL character (%00)." in response.content.decode()
        assert refusals(cast.owner_editor) == [{"method": "GET", "path": "/cases/%00/"}]

    def test_in_an_api_query_is_a_json_400(self, cast):
        response = client_for(cast.owner_editor).get("/api/v1/bulletins/?q=a%00b")
        assert response.status_code == 400
        assert response.json() == {"q": ["A NUL character (%00) is not allowed here."]}

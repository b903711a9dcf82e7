"""Search: tokens (Latin words, CJK bigrams), visibility per source, personal sources, snippets, facets, API."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.access.models import TLP, Distribution
from portal.access.services import shareable_update
from portal.bulletins.models import Bulletin
from portal.search import registry
from portal.search.indexing import reindex
from portal.search.models import SearchEntry
from portal.search.services import Filters, search
from portal.search.tokens import index_tokens, query_tokens
from tests.factories import BulletinFactory, CodeWordFactory, client_for, member


def bulletin(cast, title, body="", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN, **kwargs):
    obj = BulletinFactory(owner_org=cast.owner_org, marker=title, distribution=distribution, tlp=tlp)
    Bulletin.bypass_policy.filter(pk=obj.pk).update(body=body or f"Body of {title}", **kwargs)
    obj.refresh_from_db()
    obj.save()  # reindex with the new body
    return obj


def titles(user, q, **filters):
    return {hit.title for hit in search(user, Filters(q=q, **filters)).hits}


def test_tokens_latin_words_and_cjk_bigrams():
    tokens = index_tokens("Selling XY jelly, 出售象牙手镯 — SWEEP-bulletin-org-7f3a Pangolín")
    assert {"xy", "jelly", "sweep", "bulletin", "org", "7f3a", "pangolin"} <= tokens
    assert {"出售", "售象", "象牙", "牙手", "手镯", "象", "牙"} <= tokens
    assert "出售象牙手镯" not in tokens  # a CJK run is never one word
    assert query_tokens("象牙") == ["象牙"]
    assert query_tokens("象牙手镯") == ["象牙", "牙手", "手镯"]
    assert query_tokens("象") == ["象"]
    assert query_tokens("XY  Jelly") == ["xy", "jelly"]


@pytest.mark.django_db
def test_two_character_patterns_are_found_inside_longer_text(cast):
    """The two measured traps: "XY" (too short for trigrams) and "象牙" inside a longer run of Chinese."""
    bulletin(cast, "ivory lead", body="Seller offers XY bangles, 出售象牙手镯和雕刻品, DM for price")
    bulletin(cast, "run start", body="象牙")
    bulletin(cast, "unrelated", body="牙医 and XYZ parts; 大象 pictures")
    assert titles(cast.outsider, "XY") == {"ivory lead"}
    assert titles(cast.outsider, "象牙") == {"ivory lead", "run start"}
    assert titles(cast.outsider, "象牙手镯") == {"ivory lead"}
    assert titles(cast.outsider, "xy 象牙") == {"ivory lead"}
    assert titles(cast.outsider, "象") == {"ivory lead", "run start", "unrelated"}


@pytest.mark.django_db
def test_search_returns_only_what_the_policy_allows(cast):
    bulletin(cast, "org only", body="pangolin scales", distribution=Distribution.ORGANISATION, tlp=TLP.AMBER)
    shared = BulletinFactory(
        owner_org=cast.owner_org, marker="space one", distribution=Distribution.SPACES, spaces=[cast.space]
    )
    Bulletin.bypass_policy.filter(pk=shared.pk).update(body="pangolin scales")
    shared.refresh_from_db()
    shared.save()
    bulletin(cast, "everyone", body="pangolin scales")
    assert titles(cast.owner_reader, "pangolin") == {"org only", "space one", "everyone"}
    assert titles(cast.space_member, "pangolin") == {"space one", "everyone"}
    assert titles(cast.outsider, "pangolin") == {"everyone"}
    assert titles(cast.unvetted, "pangolin") == set()
    assert titles(cast.anonymous, "pangolin") == set()


@pytest.mark.django_db
def test_narrowed_record_disappears_at_once(cast):
    obj = bulletin(cast, "narrowing", body="rhino horn")
    assert titles(cast.outsider, "rhino") == {"narrowing"}
    shareable_update(
        actor=cast.owner_editor,
        obj=obj,
        data={"distribution": Distribution.ORGANISATION, "tlp": TLP.RED},
        spaces=None,
        expected_version=obj.version,
    )
    assert titles(cast.outsider, "rhino") == set()
    assert titles(cast.owner_reader, "rhino") == {"narrowing"}


@pytest.mark.django_db
def test_personal_fields_are_not_indexed_and_snippets_are_redacted(cast):
    obj = bulletin(cast, "with person", body="tiger bone")
    Bulletin.bypass_policy.filter(pk=obj.pk).update(persons_of_interest="Zhang Wei +254700000000")
    Bulletin.bypass_policy.get(pk=obj.pk).save()
    assert titles(cast.owner_reader, "zhang") == set()  # bulletins index no personal field
    with pytest.raises(ValueError):
        registry.register_search_source(Bulletin, fields=("title", "persons_of_interest"))


@pytest.fixture
def personal_bulletins():
    """Bulletins as if they were a personal source (like persons): searched by their persons of interest."""
    saved = dict(registry._sources)
    registry.register_search_source(
        Bulletin, fields=("title", "persons_of_interest"), snippet="persons_of_interest", personal=True
    )
    yield
    registry._sources.clear()
    registry._sources.update(saved)


@pytest.mark.django_db
def test_personal_source_only_for_those_who_may_see_personal_data(cast, personal_bulletins):
    obj = bulletin(cast, "suspect", body="x")
    Bulletin.bypass_policy.filter(pk=obj.pk).update(persons_of_interest="Zhang Wei")
    Bulletin.bypass_policy.get(pk=obj.pk).save()
    ngo_member = member(cast.space_org)
    assert titles(cast.owner_reader, "zhang") == {"suspect"}  # owner organisation
    assert titles(cast.outsider, "zhang") == {"suspect"}  # enforcement sector
    assert titles(cast.other_sector, "zhang") == set()  # a platform may not search personal data
    assert titles(ngo_member, "zhang") == set()
    assert titles(cast.anonymous, "zhang") == set()
    hit = search(cast.outsider, Filters(q="zhang")).hits[0]
    assert "<mark>Zhang</mark> Wei" in hit.snippet


@pytest.mark.django_db
def test_snippet_is_built_from_the_redacted_record_and_escaped(cast):
    bulletin(cast, "escaping", body="<script>alert(1)</script> jelly for sale " + "filler " * 80)
    hit = search(cast.outsider, Filters(q="jelly")).hits[0]
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    assert "<mark>jelly</mark>" in hit.snippet


@pytest.mark.django_db
def test_facets_count_only_visible_records(cast):
    bulletin(cast, "seen ke", body="shark fin", countries=["KE"])
    bulletin(cast, "hidden tz", body="shark fin", countries=["TZ"], distribution="organisation", tlp="amber")
    found = search(cast.outsider, Filters(q="shark"))
    assert found.facets["country"] == {"KE": 1}
    assert found.facets["type"]["bulletins.bulletin"]["count"] == 1
    owner = search(cast.owner_reader, Filters(q="shark"))
    assert owner.facets["country"] == {"KE": 1, "TZ": 1}
    assert titles(cast.owner_reader, "shark", country="TZ") == {"hidden tz"}


@pytest.mark.django_db
def test_reindex_rebuilds_the_index(cast):
    bulletin(cast, "reindexed", body="parrots")
    SearchEntry.objects.all().delete()
    assert titles(cast.outsider, "parrots") == set()
    assert reindex()["bulletins.bulletin"] >= 1
    assert titles(cast.outsider, "parrots") == {"reindexed"}


@pytest.mark.django_db
def test_deleted_record_leaves_the_index(cast):
    obj = bulletin(cast, "gone", body="parrots")
    Bulletin.bypass_policy.filter(pk=obj.pk).delete()
    assert not SearchEntry.objects.filter(object_id=obj.pk).exists()


@pytest.mark.django_db
def test_page_and_api(cast):
    bulletin(cast, "visible one", body="tortoise 象牙")
    bulletin(cast, "hidden one", body="tortoise", distribution="organisation", tlp="amber")
    client = client_for(cast.outsider)
    page = client.get(reverse("search:results"), {"q": "tortoise"})
    assert page.status_code == 200
    assert "visible one" in page.content.decode() and "hidden one" not in page.content.decode()
    api = client.get(reverse("api:search"), {"q": "象牙"})
    assert api.status_code == 200
    data = api.json()
    assert [r["title"] for r in data["results"]] == ["visible one"]
    assert data["facets"]["type"]["bulletins.bulletin"]["count"] == 1


@pytest.mark.django_db
def test_bad_input_answers_400_naming_the_field(cast):
    client = Client()
    response = client.get(reverse("api:search"), {"q": "x", "page": "two"})
    assert response.status_code == 400 and "page" in response.json()
    response = client.get(reverse("search:results"), {"q": "x", "country": "ZZZ"})
    assert response.status_code == 400 and b"Country:" in response.content
    assert client.get(reverse("search:results")).status_code == 200
    # Punctuation alone holds no word to look for: a clear error, not every record newest first.
    response = client.get(reverse("api:search"), {"q": " ?!… "})
    assert response.status_code == 400 and "q" in response.json()
    response = client.get(reverse("search:results"), {"q": "--"})
    assert response.status_code == 400 and "punctuation alone matches nothing" in response.content.decode()


def test_registration_refuses_what_it_cannot_check():
    """text= cannot be checked for personal fields, and a directory has no marking for a feed to show."""
    from portal.orgs.models import Membership

    saved = dict(registry._sources)
    try:
        with pytest.raises(ValueError, match="personal data"):
            registry.register_search_source(Bulletin, text=lambda b: b.persons_of_interest)
        with pytest.raises(ValueError, match="cannot be in feeds"):
            registry.register_search_source(Membership, text=str, visible=lambda user: [], in_feeds=True)
    finally:
        registry._sources.clear()
        registry._sources.update(saved)
    assert registry.search_source("orgs.membership").in_feeds is False  # contacts: not a shared record
    assert registry.search_source("bulletins.bulletin").in_feeds is True


@pytest.mark.django_db
def test_postgresql_answers_token_lookups_from_the_gin_index():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only; SQLite uses LIKE")
    qs = SearchEntry.objects.filter(tokens__has_tokens=["象牙", "xy"]).values("pk")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table would otherwise be scanned
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_tokens_gin" in plan


def dated(cast, title, when, body="sambar antlers", **kwargs):
    """A community bulletin created at `when` (the index takes the record's own date)."""
    obj = bulletin(cast, title, body=body, **kwargs)
    Bulletin.bypass_policy.filter(pk=obj.pk).update(created_at=when)
    obj.refresh_from_db()
    obj.save()
    return obj


@pytest.mark.django_db
def test_simplified_and_traditional_chinese_match_alike(cast):
    bulletin(cast, "traditional", body="賣家出售象牙手鐲，私訊")
    bulletin(cast, "simplified", body="卖家出售象牙手镯，私信")
    for q in ("手镯", "手鐲", "出售象牙手鐲", "卖家", "賣家"):
        assert titles(cast.outsider, q) == {"traditional", "simplified"}, q
    hits = {hit.title: hit.snippet for hit in search(cast.outsider, Filters(q="手镯")).hits}
    assert "<mark>手鐲</mark>" in hits["traditional"] and "<mark>手镯</mark>" in hits["simplified"]
    assert query_tokens("手鐲") == query_tokens("手镯") == ["手镯"]


@pytest.mark.django_db
def test_hits_come_newest_first_across_slices_chunks_and_pages(cast, monkeypatch):
    """Small chunks force many index reads: every visible hit comes once, newest first, hidden ones never."""
    from datetime import timedelta

    from django.utils import timezone

    from portal.search import services

    monkeypatch.setattr(services, "CHUNK", 2)
    monkeypatch.setattr(services, "EFFORT", 2)
    monkeypatch.setattr(services, "COUNT_CAP", 4)
    now = timezone.now()
    ages = [-40, 0, 1, 3, 35, 70, 200, 400, 1500, 4000]  # days; -40 is dated ahead of the clock
    for i, days in enumerate(ages):
        hidden = i % 3 == 2
        dated(
            cast,
            f"{'hidden' if hidden else 'seen'} {i}",
            now - timedelta(days=days),
            distribution=Distribution.ORGANISATION if hidden else Distribution.COMMUNITY,
            tlp=TLP.AMBER,
        )
    expected = [f"seen {i}" for i in range(len(ages)) if i % 3 != 2]
    seen, page = [], 1
    while True:
        found = search(cast.outsider, Filters(q="sambar"), page=page, per_page=2)
        seen += [hit.title for hit in found.hits]
        if not found.has_next:
            break
        page += 1
    assert seen == expected
    first = search(cast.outsider, Filters(q="sambar"), per_page=2)
    assert first.capped and first.total < len(expected)  # counted over the hits read, shown as "N+"
    assert first.facets["capped"] and first.facets["counted"] == first.total
    monkeypatch.setattr(services, "EFFORT", 100)
    monkeypatch.setattr(services, "COUNT_CAP", 100)
    whole = search(cast.outsider, Filters(q="sambar"))
    assert (whole.total, whole.capped) == (len(expected), False)
    assert [hit.title for hit in whole.hits] == expected
    assert whole.facets["type"]["bulletins.bulletin"]["count"] == len(expected)


@pytest.mark.django_db
def test_facets_of_a_capped_search_count_only_visible_records(cast, monkeypatch):
    from portal.search import services

    monkeypatch.setattr(services, "CHUNK", 2)
    monkeypatch.setattr(services, "EFFORT", 2)
    monkeypatch.setattr(services, "COUNT_CAP", 2)
    for i in range(4):
        bulletin(cast, f"hidden {i}", body="gecko", countries=["TZ"], distribution="organisation", tlp="amber")
        bulletin(cast, f"seen {i}", body="gecko", countries=["KE"])
    found = search(cast.outsider, Filters(q="gecko"))
    assert found.capped
    assert set(found.facets["country"]) == {"KE"}
    assert all(hit.title.startswith("seen") for hit in found.hits)


@pytest.mark.django_db
def test_a_common_word_costs_a_bounded_number_of_queries(cast, django_assert_max_num_queries, monkeypatch):
    """Counted, not timed: reading stops once the page is full and the counts are taken."""
    from portal.search import services

    monkeypatch.setattr(services, "CHUNK", 5)
    monkeypatch.setattr(services, "EFFORT", 5)
    for i in range(30):
        bulletin(cast, f"common {i}", body="pangolin")
    search(cast.outsider, Filters(q="pangolin"), per_page=3)  # the membership and content types, cached
    # oldest date, the slices read until 5 candidates (future, this month), one policy query, the page
    with django_assert_max_num_queries(6):
        found = search(cast.outsider, Filters(q="pangolin"), per_page=3)
    assert len(found.hits) == 3 and found.capped


@pytest.mark.django_db
def test_a_reader_who_sees_little_of_a_common_word_stops_reading(cast, django_assert_max_num_queries, monkeypatch):
    """The page never fills for someone the rule turns away from every match although they hold its keys (a platform
    and code words not marked releasable): reading stops at MAX_READ candidates."""
    from portal.search import services

    monkeypatch.setattr(services, "CHUNK", 5)
    monkeypatch.setattr(services, "MAX_READ", 10)
    for i in range(40):
        CodeWordFactory(
            owner_org=cast.owner_org,
            marker=f"hidden {i}",
            term="pangolin",
            releasable=False,
            distribution=Distribution.COMMUNITY,
            tlp=TLP.GREEN,
        )
    search(cast.other_sector, Filters(q="pangolin"))  # the membership and content types, cached
    with django_assert_max_num_queries(8):
        found = search(cast.other_sector, Filters(q="pangolin"))
    assert found.hits == [] and found.capped  # "0+": more may exist beyond what was read


@pytest.mark.django_db
def test_matches_hidden_from_the_reader_cost_nothing(cast, django_assert_num_queries, monkeypatch):
    """Security review #12: a search's work does not grow with matches the reader may not see. The index leaves
    them out with the words (reach keys), so a word held only by hidden records costs what an unused word costs,
    and the count is exact."""
    from portal.search import services

    monkeypatch.setattr(services, "CHUNK", 5)
    for i in range(40):
        bulletin(cast, f"hidden {i}", body="pangolin", distribution=Distribution.ORGANISATION, tlp=TLP.AMBER)
    search(cast.outsider, Filters(q="unusedword"))  # the membership and content types, cached
    with CaptureQueriesContext(connection) as unused:
        search(cast.outsider, Filters(q="unusedword"))
    with django_assert_num_queries(len(unused)):
        found = search(cast.outsider, Filters(q="pangolin"))
    assert found.hits == [] and found.total == 0 and not found.capped
    assert search(cast.owner_reader, Filters(q="pangolin")).total == 40  # found by those who may see them


@pytest.mark.django_db
def test_month_tokens_are_indexed_but_never_match_words(cast):
    from portal.search.tokens import month_token

    obj = bulletin(cast, "monthly", body="okapi")
    entry = SearchEntry.objects.get(object_id=obj.pk, content_type__model="bulletin")
    assert f" {month_token(obj.created_at)} " in entry.tokens
    assert entry.created_at == obj.created_at
    assert titles(cast.outsider, month_token(obj.created_at)) == set()  # "@2026-11" is read as words


@pytest.mark.django_db
def test_postgresql_reads_a_slice_of_months_from_the_gin_index():
    from django.db import connection

    from portal.search.tokens import month_tokens

    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only; SQLite uses LIKE")
    qs = SearchEntry.objects.filter(tokens__has_tokens=["ivory"], tokens__has_any_token=month_tokens(24310, 24311))
    sql, params = qs.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_tokens_gin" in plan and "&&" in plan


@pytest.mark.django_db
def test_the_index_keeps_each_records_reach_keys_in_step_with_its_sharing(cast):
    """Whatever changes who might see a record (its marking, its spaces, a grant given or ended) rewrites its keys
    in the index, so that a search never leaves out a record its reader may now see."""
    from portal.access.policy import forget_membership
    from portal.access.registry import policy_for
    from portal.access.services import grant, revoke

    obj = bulletin(cast, "keys", body="okapi", distribution=Distribution.ORGANISATION, tlp=TLP.AMBER)

    def indexed_keys():
        return set(SearchEntry.objects.get(object_id=obj.pk, content_type__model="bulletin").reach.split())

    def expected():
        return policy_for(Bulletin).reach_keys([Bulletin.bypass_policy.get(pk=obj.pk)])[obj.pk]

    assert indexed_keys() == expected() == {f"~o{cast.owner_org.pk}"}
    assert titles(cast.grantee, "okapi") == set()
    grant(actor=cast.owner_editor, obj=obj, user=cast.grantee)
    assert indexed_keys() == expected() and f"~u{cast.grantee.pk}" in indexed_keys()
    forget_membership(cast.grantee)
    assert titles(cast.grantee, "okapi") == {"keys"}
    grant(actor=cast.owner_editor, obj=obj, space=cast.space)
    assert f"~s{cast.space.pk}" in indexed_keys() == expected()
    revoke(actor=cast.owner_editor, obj=obj, user=cast.grantee)
    revoke(actor=cast.owner_editor, obj=obj, space=cast.space)
    assert indexed_keys() == expected() == {f"~o{cast.owner_org.pk}"}
    obj = shareable_update(
        actor=cast.owner_editor,
        obj=Bulletin.bypass_policy.get(pk=obj.pk),
        data={"distribution": Distribution.SPACES},
        expected_version=obj.version,
        spaces=[cast.space],
    )
    assert indexed_keys() == expected() == {f"~o{cast.owner_org.pk}", f"~s{cast.space.pk}"}
    obj = shareable_update(
        actor=cast.owner_editor,
        obj=obj,
        data={"distribution": Distribution.COMMUNITY},
        expected_version=obj.version,
        spaces=[],
    )
    assert indexed_keys() == expected() == {f"~o{cast.owner_org.pk}", "~com"}

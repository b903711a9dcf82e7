"""Search benchmark: the one search box over 1,000,000 indexed records (x BENCH_SCALE), per sector.

Seeds the foundation's world at five times its bulletin count (bench/world.py: 1,000,000 bulletins at
scale 1, with organisations, users, spaces and grants shaped as in production), marks one bulletin in 500
with Chinese text ("出售象牙手镯", the measured trap: "象牙" inside a longer run) and "XY" (too short for
trigrams), builds the search index from the rows (the same tokeniser as the signals), then times
portal.search.services.search() -- candidates from the GIN-indexed token array, the policy per source,
facets over visible hits, snippets from redacted records -- for one vetted user of each sector, over a
rotating set of queries: a common word, a rare reference, "XY", "象牙", and two words.

Target from the issue: p95 <= 150 ms for a user of each sector.
"""

import os
import random
import time

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from bench import world
from bench.database import bulk_load, copy_rows, vacuum_analyze
from bench.report import emit, emit_timing, log, measure
from portal.access.policy import forget_membership, vetted_membership
from portal.bulletins.models import Bulletin
from portal.orgs.models import User
from portal.search.models import SearchEntry
from portal.search.registry import source_for_model
from portal.search.services import Filters, search
from portal.search.tokens import index_tokens

WORLD_FACTOR = 5  # the foundation world holds 200,000 bulletins at scale 1; search wants 1,000,000
CJK_EVERY = 500
CJK_TEXT = " 卖家出售象牙手镯 XY 货源"
TARGET_P95_MS = 150.0
CHUNK = 50_000


def run(scale: float) -> None:
    started = time.perf_counter()
    the_world = world.build(min(10.0, scale * WORLD_FACTOR))
    log(f"bench: world built: {world.describe(the_world)}")
    world.seed(the_world)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Bulletin._meta.db_table} SET body = body || %s WHERE id %% %s = 0", [CJK_TEXT, CJK_EVERY]
        )
    entries = index_bulletins()
    vacuum_analyze([Bulletin._meta.db_table, SearchEntry._meta.db_table])
    emit("search.seed.seconds", time.perf_counter() - started, "s")
    emit("search.seed.entries", entries, "rows")
    check_cjk_recall()

    queries = ["ivory", "xy", "象牙", "pangolin scales", f"bl-{max(1, entries // 3):07d}", "courier route"]
    worst = 0.0
    for sector, user in users_by_sector(the_world).items():
        vetted_membership(user)

        def call(i, user=user):
            forget_membership(user)  # as a request pays its membership look-up
            return search(user, Filters(q=queries[i % len(queries)]))

        timing = measure(call)
        emit_timing(f"search.{sector}", timing)
        worst = max(worst, timing.p95)
        for q in ("象牙", "xy"):
            found = search(user, Filters(q=q))
            emit(
                f"search.{sector}.hits.{'cjk' if q == '象牙' else 'xy'}",
                f"{found.total}{'+' if found.capped else ''}",
                "records",
            )
    emit("search.target.p95_max_ms", TARGET_P95_MS, "ms")
    emit("search.worst_p95", worst, "ms")
    emit("search.target_met", "yes" if worst <= TARGET_P95_MS else "no", "")


def index_bulletins() -> int:
    """Build the index with COPY from the seeded rows, with the signals' tokeniser and facet format."""
    source = source_for_model(Bulletin)
    assert source is not None, "bulletins must be registered as a search source"
    ctype = ContentType.objects.get_for_model(Bulletin).pk
    now = time.strftime("%Y-%m-%d %H:%M:%S+00")

    def rows(chunk):
        for pk, title, body, links, countries in chunk:
            tokens = index_tokens(f"{title} {body} {' '.join(links or [])}")
            codes = [
                str(getattr(c, "code", c)) for c in (countries.split(",") if isinstance(countries, str) else countries)
            ]
            yield (
                ctype,
                pk,
                " " + " ".join(sorted(tokens)) + " ",
                f"|{'|'.join(codes)}|" if codes else "",
                "",
                "",
                now,
            )

    stage = time.perf_counter()
    columns = ["content_type_id", "object_id", "tokens", "countries", "taxa", "platforms", "updated_at"]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {SearchEntry._meta.db_table} RESTART IDENTITY")
    # In chunks: a COPY holds the connection, so the rows are read before each one starts.
    n, last = 0, 0
    values = ("pk", "title", "body", "links", "countries")
    while True:
        chunk = list(Bulletin.unrestricted.filter(pk__gt=last).order_by("pk").values_list(*values)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1][0]
        with bulk_load():
            n += copy_rows(SearchEntry._meta.db_table, columns, rows(chunk))
    log(f"bench: {n} search entries loaded in {time.perf_counter() - stage:.1f} s")
    return n


def check_cjk_recall() -> None:
    """Every bulletin holding 象牙 is a candidate of the index: the trap that full-text search fell into."""
    holding = Bulletin.unrestricted.filter(body__contains="象牙").count()
    found = SearchEntry.objects.filter(tokens__has_tokens=["象牙"]).count()
    emit("search.cjk_recall", f"{found}/{holding}", "rows")
    if found != holding:
        raise SystemExit(f"CJK recall failed: the index finds {found} of {holding} rows holding 象牙")
    with connection.cursor() as cursor:
        sql, params = SearchEntry.objects.filter(tokens__has_tokens=["象牙"]).values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    log(f"bench: plan of a 象牙 look-up:\n{plan}")
    emit("search.index_used", "yes" if "search_entry_tokens_gin" in plan else "no", "")


def users_by_sector(w: world.World) -> dict[str, User]:
    """One vetted user per sector, chosen at random (fixed seed) among the world's users of that sector."""
    rng = random.Random(int(os.environ.get("BENCH_SEED", "11")))
    by_sector: dict[str, list[int]] = {}
    for uid, org in enumerate(w.user_org, start=1):
        by_sector.setdefault(w.org_sector[org - 1], []).append(uid)
    chosen = {}
    for sector in sorted(by_sector):
        for uid in rng.sample(by_sector[sector], len(by_sector[sector])):
            user = User.objects.filter(pk=uid, is_active=True).first()
            if user is not None and vetted_membership(user) is not None:
                chosen[sector] = user
                break
    return chosen

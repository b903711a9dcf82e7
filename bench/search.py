"""Search benchmark: the one search box over 1,000,000 indexed records (x BENCH_SCALE), per sector.

Seeds the foundation's world at five times its bulletin count (bench/world.py: 1,000,000 bulletins at
scale 1, with organisations, users, spaces and grants shaped as in production), marks one bulletin in 500
with Chinese text ("出售象牙手镯", the measured trap: "象牙" inside a longer run; every other one of them in
traditional characters, "出售象牙手鐲") and "XY" (too short for trigrams), builds the search index from the
rows with COPY (the same tokeniser as the signals; indexes dropped during the load and built after it),
then times portal.search.services.search() -- candidates from the index newest first, the policy per
source, facets over visible hits, snippets from redacted records -- for one vetted user of each sector and
for an anonymous visitor (public records only, the narrowest reader), over a rotating set of queries: a
common word, a rare reference, "XY", "象牙", and two common words. Then each query alone, for the narrowest
and the broadest reader: a common word for a reader who sees little is the hard case of reading newest first.

Target from the issue: p95 <= 150 ms for a user of each sector.

BENCH_REUSE=1 keeps a database already seeded at the same scale (the world is deterministic), to time
again without seeding.
"""

import os
import random
import time

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, Q, Value
from django.db.models.functions import Concat

from bench import world
from bench.database import bulk_load, copy_rows, vacuum_analyze
from bench.report import emit, emit_timing, log, measure
from portal.access.policy import forget_membership, vetted_membership
from portal.access.registry import policy_for
from portal.bulletins.models import Bulletin
from portal.orgs.models import User
from portal.search.models import SearchEntry
from portal.search.registry import source_for_model
from portal.search.services import Filters, search
from portal.search.tokens import index_tokens, month_token, query_tokens

WORLD_FACTOR = 5  # the foundation world holds 200,000 bulletins at scale 1; search wants 1,000,000
CJK_EVERY = 500
CJK_TEXT = " 卖家出售象牙手镯 XY 货源"
CJK_TRADITIONAL = " 賣家出售象牙手鐲 XY 貨源"  # on every other CJK row: found by 手镯 and 手鐲 alike
TARGET_P95_MS = 150.0
CHUNK = 50_000
HIDDEN = 3000  # bulletins holding HIDDEN_WORD that no platform member may see (the security review's case, #12)
HIDDEN_WORD = "okapihidden"
UNUSED_WORD = "okapinowhere"


def run(scale: float) -> None:
    started = time.perf_counter()
    the_world = world.build(min(10.0, scale * WORLD_FACTOR))
    log(f"bench: world built: {world.describe(the_world)}")
    if os.environ.get("BENCH_REUSE") == "1" and _seeded(the_world):
        log("bench: BENCH_REUSE=1 and the database holds this world: not seeding")
        vacuum_analyze(world_tables())
        entries = SearchEntry.objects.count()
    else:
        world.seed(the_world)
        log(f"bench: world seeded in {time.perf_counter() - started:.1f} s")
        table = Bulletin._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET body = body || (CASE WHEN id %% %s = 0 THEN %s ELSE %s END) WHERE id %% %s = 0",
                [2 * CJK_EVERY, CJK_TRADITIONAL, CJK_TEXT, CJK_EVERY],
            )
        hide_from_platforms(int(HIDDEN * scale))
        entries = index_bulletins()
        stage = time.perf_counter()
        # Every table the policy's subqueries read, not only the big ones: with the statistics of empty tables
        # the planner scans all of bulletins_bulletin_spaces and the group grants for each query (measured
        # 122 ms instead of 14 ms at 1,000,000 rows), which production's autovacuum would not let happen.
        vacuum_analyze([*world_tables(), Bulletin._meta.db_table, SearchEntry._meta.db_table])
        log(f"bench: vacuum analyze in {time.perf_counter() - stage:.1f} s")
    emit("search.seed.seconds", time.perf_counter() - started, "s")
    emit("search.seed.entries", entries, "rows")
    check_cjk_recall()

    queries = ["ivory", "xy", "象牙", "pangolin scales", f"bl-{max(1, entries // 3):07d}", "courier route"]
    readers = users_by_sector(the_world)
    readers["anonymous"] = AnonymousUser()
    worst = 0.0
    for name, user in readers.items():
        vetted_membership(user)

        def call(i, user=user):
            forget_membership(user)  # as a request pays its membership look-up
            return search(user, Filters(q=queries[i % len(queries)]))

        timing = measure(call)
        emit_timing(f"search.{name}", timing)
        worst = max(worst, timing.p95)
        for q, label in (("象牙", "cjk"), ("手鐲", "cjk_traditional"), ("xy", "xy"), ("ivory", "common")):
            found = search(user, Filters(q=q))
            emit(f"search.{name}.hits.{label}", f"{found.total}{'+' if found.capped else ''}", "records")
    emit("search.target.p95_max_ms", TARGET_P95_MS, "ms")
    emit("search.worst_p95", worst, "ms")
    emit("search.target_met", "yes" if worst <= TARGET_P95_MS else "no", "")

    # Security review #12: matches hidden from the reader cost nothing. A platform member searches a word that
    # only records hidden from them hold, and a word nobody uses: the baseline, in the same run.
    platform = readers.get("platform")
    if platform is not None:
        hidden = {}
        for label, q in (("unused_word", UNUSED_WORD), ("hidden_matches", HIDDEN_WORD)):

            def alone(i, q=q):
                forget_membership(platform)
                return search(platform, Filters(q=q))

            hidden[label] = measure(alone, repetitions=40, warmup=3).p95
            emit(f"search.platform.{label}.p95", hidden[label], "ms")
        emit("search.platform.hidden_matches.total", search(platform, Filters(q=HIDDEN_WORD)).total, "records")
        emit("search.platform.hidden_vs_unused", hidden["hidden_matches"] / hidden["unused_word"], "x")

    # Each query alone, for the broadest reader (enforcement: community, own agency, spaces, grants) and the
    # narrowest (anonymous: public records only).
    for name in ("enforcement", "anonymous"):
        user = readers.get(name)
        if user is None:
            continue
        for q in queries:
            label = "ref" if q.startswith("bl-") else q.replace(" ", "_")

            def one(i, user=user, q=q):
                forget_membership(user)
                return search(user, Filters(q=q))

            timing = measure(one, repetitions=20, warmup=2)
            emit(f"search.{name}.q.{label}.p95", timing.p95, "ms")


def hide_from_platforms(n: int) -> None:
    """Give HIDDEN_WORD to n bulletins that no platform member may see: their organisation's own, not owned by a
    platform, without grants."""
    from portal.bulletins.models import BulletinGroupGrant, BulletinUserGrant

    hidden = (
        Bulletin.bypass_policy.filter(distribution="organisation")
        .exclude(owner_org__sector="platform")
        .exclude(pk__in=BulletinUserGrant.objects.values("content_object_id"))
        .exclude(pk__in=BulletinGroupGrant.objects.values("content_object_id"))
        .order_by("pk")
        .values_list("pk", flat=True)[:n]
    )
    Bulletin.bypass_policy.filter(pk__in=list(hidden)).update(body=Concat(F("body"), Value(f" {HIDDEN_WORD}")))


def world_tables() -> list[str]:
    from django.contrib.auth.models import Group
    from guardian.models import GroupObjectPermission, UserObjectPermission

    from portal.bulletins.models import BulletinGroupGrant, BulletinUserGrant
    from portal.orgs.models import Membership, Organisation, Space, SpaceMember

    models = [Organisation, User, Membership, Space, SpaceMember, Group, BulletinUserGrant, BulletinGroupGrant]
    models += [UserObjectPermission, GroupObjectPermission]
    return [m._meta.db_table for m in models] + [Bulletin.spaces.through._meta.db_table]


def _seeded(w: world.World) -> bool:
    return (
        Bulletin.bypass_policy.count() == len(w.owner)
        and SearchEntry.objects.count() == len(w.owner)
        and User.objects.count() == len(w.user_org)
    )


def index_bulletins() -> int:
    """Build the index with COPY from the seeded rows, with the signals' tokeniser and facet format."""
    source = source_for_model(Bulletin)
    assert source is not None, "bulletins must be registered as a search source"
    ctype = ContentType.objects.get_for_model(Bulletin).pk
    now = time.strftime("%Y-%m-%d %H:%M:%S+00")

    policy = policy_for(Bulletin)

    def rows(chunk, reach):
        for pk, title, body, links, countries, created, _owner, _distribution in chunk:
            tokens = index_tokens(f"{title} {body} {' '.join(links or [])}") | {month_token(created)}
            codes = [
                str(getattr(c, "code", c)) for c in (countries.split(",") if isinstance(countries, str) else countries)
            ]
            yield (
                ctype,
                pk,
                " " + " ".join(sorted(tokens)) + " ",
                " " + " ".join(sorted(reach[pk])) + " ",
                f"|{'|'.join(codes)}|" if codes else "",
                "",
                "",
                created,
                now,
            )

    stage = time.perf_counter()
    table = SearchEntry._meta.db_table
    columns = ["content_type_id", "object_id", "tokens", "reach", "countries", "taxa", "platforms"]
    columns += ["created_at", "updated_at"]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table} RESTART IDENTITY")
        # Loading into a table without its indexes and building them afterwards is several times faster
        # than updating a GIN index row by row.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    # In chunks: a COPY holds the connection, so the rows are read before each one starts. The indexes are built
    # again however the load ends: an interrupted run must not leave the next one a table without them.
    n, last = 0, 0
    values = ("pk", "title", "body", "links", "countries", "created_at", "owner_org_id", "distribution")
    try:
        while True:
            chunk = list(Bulletin.bypass_policy.filter(pk__gt=last).order_by("pk").values_list(*values)[:CHUNK])
            if not chunk:
                break
            last = chunk[-1][0]
            # Who might see each one, as the signals store it: the policy's reach keys, three queries per chunk.
            reach = policy.reach_keys(Bulletin(pk=row[0], owner_org_id=row[6], distribution=row[7]) for row in chunk)
            with bulk_load():
                n += copy_rows(table, columns, rows(chunk, reach))
        log(f"bench: {n} search entries loaded in {time.perf_counter() - stage:.1f} s")
    finally:
        stage = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")
    log(f"bench: {len(indexes)} indexes of the search entries built in {time.perf_counter() - stage:.1f} s")
    return n


def check_cjk_recall() -> None:
    """Every bulletin holding 象牙 is a candidate of the index: the trap that full-text search fell into."""
    holding = Bulletin.bypass_policy.filter(body__contains="象牙").count()
    found = SearchEntry.objects.filter(tokens__has_tokens=["象牙"]).count()
    emit("search.cjk_recall", f"{found}/{holding}", "rows")
    if found != holding:
        raise SystemExit(f"CJK recall failed: the index finds {found} of {holding} rows holding 象牙")
    either_script = Bulletin.bypass_policy.filter(Q(body__contains="手镯") | Q(body__contains="手鐲")).count()
    found = SearchEntry.objects.filter(tokens__has_tokens=query_tokens("手鐲")).count()
    emit("search.cjk_traditional_recall", f"{found}/{either_script}", "rows")
    if found != either_script:
        raise SystemExit(f"CJK script recall failed: 手鐲 finds {found} of {either_script} rows holding 手镯 or 手鐲")
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

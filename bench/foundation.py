"""Foundation benchmark: the access policy on a realistic portal, against plain django-guardian.

Seeds 200,000 bulletins (x BENCH_SCALE) with organisations, users, spaces and grants (bench/world.py),
materialises the same visibility in guardian's generic tables (bench/guardian_baseline.py), then times,
for three user profiles, what every list and detail page does:

- first_page: the newest 50 visible bulletins, with a fresh user object each time so that the
  membership look-up a request pays is included;
- count: capped_count() as the list page's paginator calls it (membership already loaded by then);
- can_view: one record's check, as a detail page does (membership already loaded by the middleware),
  over a rotating sample of visible and hidden records;
- the guardian first page (get_objects_for_user on the generic tables), and the speedup over it.

Targets from the issue: first page p95 <= 30 ms, >= 5x faster than guardian, count exact within
100 ms or capped.
"""

import copy
import os
import random
import time
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection
from guardian.models import GroupObjectPermission, UserObjectPermission

from bench import guardian_baseline, world
from bench.database import vacuum_analyze
from bench.report import Timing, emit, emit_timing, log, measure, measure_side_by_side
from portal.access.policy import can_view, capped_count, forget_membership, vetted_membership
from portal.bulletins.models import Bulletin, BulletinGroupGrant, BulletinUserGrant
from portal.orgs.models import Membership, Organisation, Space, SpaceMember, User

PAGE_SIZE = 50
COUNT_CAP = 10_000
NEWEST_FIRST = ("-created_at", "-id")
CAN_VIEW_SAMPLE = 30  # records per profile, half visible and half hidden when the user has both
TARGET_FIRST_PAGE_P95_MS = 30.0
TARGET_SPEEDUP = 5.0
TARGET_COUNT_MS = 100.0


@dataclass(frozen=True)
class Profile:
    name: str
    user_id: int
    description: str


@dataclass(frozen=True)
class Figures:
    first_page: Timing
    count: Timing
    capped: bool
    speedup: float


def run(scale: float) -> None:
    log(f"bench: load average {_load()} (other work on the machine shows in the timings)")
    started = time.perf_counter()
    the_world = world.build(scale)
    log(f"bench: world built in {_since(started)}: {world.describe(the_world)}")
    stage = time.perf_counter()
    counts = world.seed(the_world)
    log(f"bench: policy tables loaded in {_since(stage)}")
    stage = time.perf_counter()
    counts.update(guardian_baseline.materialise(the_world))
    log(f"bench: guardian baseline tables loaded in {_since(stage)}")
    stage = time.perf_counter()
    vacuum_analyze(_seeded_tables())
    log(f"bench: VACUUM ANALYZE in {_since(stage)}")
    log("bench: rows " + ", ".join(f"{table} {n}" for table, n in counts.items()))
    emit("foundation.seed.seconds", time.perf_counter() - started, "s")
    emit("foundation.seed.bulletins", counts[Bulletin._meta.db_table], "rows")
    emit("foundation.seed.guardian_rows", sum(n for t, n in counts.items() if t.startswith("guardian_")), "rows")

    results = {}
    with guardian_baseline.generic_tables():
        for profile in choose_profiles(the_world):
            log(f"bench: profile {profile.name}: user {profile.user_id}, {profile.description}")
            results[profile.name] = bench_profile(the_world, profile)
    report_targets(results)
    log(f"bench: load average {_load()}")


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def _seeded_tables() -> list[str]:
    models = [Organisation, User, Membership, Group, Space, SpaceMember, Bulletin, BulletinUserGrant]
    models += [BulletinGroupGrant, UserObjectPermission, GroupObjectPermission]
    through = [Bulletin.spaces.through, User.groups.through]
    return [m._meta.db_table for m in models + through]


def choose_profiles(w: world.World) -> list[Profile]:
    """Narrow, typical and broad users: the first, middle and last users by (spaces, grants, organisation size).

    So the narrow user is in no space (or the fewest), has no grant and belongs to a small organisation:
    they see little beyond community and public records. The typical user is the median. The broad user
    is in the most spaces, which in this world means a member of a big agency that joins many spaces.
    """
    grants = {}
    for uid, _bid, action in w.user_grants:
        if action == "view":
            grants[uid] = grants.get(uid, 0) + 1
    org_records = {}
    for owner in w.owner:
        org_records[owner] = org_records.get(owner, 0) + 1

    def key(uid: int) -> tuple[int, int, int, int]:
        return (len(w.user_spaces(uid)), grants.get(uid, 0), len(w.org_users[w.user_org[uid - 1]]), uid)

    ranked = sorted(range(1, len(w.user_org) + 1), key=key)

    def profile(name: str, uid: int) -> Profile:
        org = w.user_org[uid - 1]
        return Profile(
            name,
            uid,
            f"{w.user_role[uid - 1]} at organisation {org} ({w.org_sector[org - 1]}, {len(w.org_users[org])} users, "
            f"owns {org_records.get(org, 0)} bulletins), in {len(w.user_spaces(uid))} spaces "
            f"({len(w.user_direct_spaces.get(uid, ()))} directly), {grants.get(uid, 0)} user grants",
        )

    return [
        profile("broad", ranked[-1]),
        profile("typical", ranked[len(ranked) // 2]),
        profile("narrow", ranked[0]),
    ]


def fresh(user: User) -> User:
    """A copy of the user as the authentication middleware loads it: no membership cached yet."""
    clone = copy.copy(user)
    forget_membership(clone)
    return clone


def policy_page(user: User) -> list[Bulletin]:
    return list(Bulletin.objects.visible_to(fresh(user)).order_by(*NEWEST_FIRST)[:PAGE_SIZE])


def guardian_page(user: User, klass=None) -> list[Bulletin]:
    return list(guardian_baseline.baseline_queryset(fresh(user), klass).order_by(*NEWEST_FIRST)[:PAGE_SIZE])


def run_sql(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def bench_profile(w: world.World, profile: Profile) -> Figures:
    user = User.objects.get(pk=profile.user_id)
    loaded = fresh(user)
    vetted_membership(loaded)  # As the middleware does before any view runs.
    expected = w.visible_ids(profile.user_id)
    sample = can_view_sample(w, expected, profile.user_id)
    verify(user, loaded, expected, sample)

    def figure(kind: str) -> str:
        return f"foundation.{kind}.{profile.name}"

    emit(figure("visible"), len(expected), "records")

    page_sql = Bulletin.objects.visible_to(loaded).order_by(*NEWEST_FIRST)[:PAGE_SIZE].query.sql_with_params()
    # The first pages run in alternation (see measure_side_by_side) so that their ratios are fair.
    # "guardian" is get_objects_for_user with klass=Bulletin.bypass_policy (guardian's fastest form, the same as
    # klass=Model); "guardian_qs_klass" is the literal klass=Bulletin.bypass_policy.all(), which makes
    # guardian add a full-scan filter (see guardian_baseline.baseline_queryset).
    # "first_page_sql" is the policy page's SQL alone, compiled once: the database's share of first_page.
    pages = measure_side_by_side(
        {
            "first_page": lambda i: policy_page(user),
            "first_page_sql": lambda i: run_sql(*page_sql),
            "guardian.first_page": lambda i: guardian_page(user),
            "guardian_qs_klass.first_page": lambda i: guardian_page(user, Bulletin.bypass_policy.all()),
        }
    )
    for name, timing in pages.items():
        emit_timing(figure(name), timing)
    first_page = pages["first_page"]
    speedup = pages["guardian.first_page"].median / first_page.median
    emit(figure("first_page") + ".speedup_vs_guardian", speedup, "x")
    qs_speedup = pages["guardian_qs_klass.first_page"].median / first_page.median
    emit(figure("first_page") + ".speedup_vs_guardian_qs_klass", qs_speedup, "x")
    if first_page.p95 > TARGET_FIRST_PAGE_P95_MS:
        explain(Bulletin.objects.visible_to(loaded).order_by(*NEWEST_FIRST)[:PAGE_SIZE], profile.name)

    count = measure(lambda i: capped_count(Bulletin.objects.visible_to(loaded), COUNT_CAP))
    n, capped = capped_count(Bulletin.objects.visible_to(loaded), COUNT_CAP)
    emit_timing(figure("count"), count)
    emit(figure("count") + ".result", f"{n}+" if capped else n, "records")

    emit_timing(figure("can_view"), measure(lambda i: can_view(loaded, sample[i % len(sample)])))
    return Figures(first_page, count, capped, speedup)


def can_view_sample(w: world.World, expected: set[int], uid: int) -> list[Bulletin]:
    """Records for can_view: half visible through something other than community/public when possible, half hidden."""
    rng = random.Random(uid)
    total = len(w.owner)
    hidden = [bid for bid in rng.sample(range(1, total + 1), min(total, 2000)) if bid not in expected]
    beyond_community = [bid for bid in expected if w.distribution[bid - 1] not in ("community", "public")]
    visible = sorted(beyond_community) if len(beyond_community) >= CAN_VIEW_SAMPLE // 2 else sorted(expected)
    ids = rng.sample(visible, min(len(visible), CAN_VIEW_SAMPLE // 2)) + hidden[: CAN_VIEW_SAMPLE // 2]
    rng.shuffle(ids)
    objs = Bulletin.bypass_policy.in_bulk(ids)
    return [objs[bid] for bid in ids]


def verify(user: User, loaded: User, expected: set[int], sample: list[Bulletin]) -> None:
    """The policy, guardian's baseline and the in-memory oracle must agree, or the timings compare nothing."""
    policy_ids = set(Bulletin.objects.visible_to(fresh(user)).values_list("pk", flat=True))
    baseline = guardian_baseline.baseline_queryset(fresh(user))
    guardian_baseline.check_generic(baseline)
    guardian_ids = {int(pk) for pk in baseline.values_list("pk", flat=True)}
    if policy_ids != expected:
        log(f"WARNING: policy differs from the oracle: {_diff(policy_ids, expected)}")
    if guardian_ids != policy_ids:
        log(f"WARNING: guardian baseline differs from the policy: {_diff(guardian_ids, policy_ids)}")
    if [b.pk for b in guardian_page(user)] != [b.pk for b in policy_page(user)]:
        log("WARNING: guardian baseline and policy first pages differ")
    wrong = [obj.pk for obj in sample if can_view(loaded, obj) != (obj.pk in expected)]
    if wrong:
        log(f"WARNING: can_view disagrees with the oracle on records {wrong}")


def _diff(got: set[int], want: set[int]) -> str:
    extra, missing = sorted(got - want), sorted(want - got)
    return f"{len(extra)} extra (e.g. {extra[:5]}), {len(missing)} missing (e.g. {missing[:5]})"


def explain(qs, name: str) -> None:
    """Log the plan of a slow query, for the investigation the issue asks for."""
    log(f"bench: EXPLAIN ANALYZE of the {name} first page:\n{qs.explain(analyze=True, buffers=True)}")


def report_targets(results: dict[str, Figures]) -> None:
    worst_p95 = max(f.first_page.p95 for f in results.values())
    least_speedup = min(f.speedup for f in results.values())
    slowest_count = max(f.count.p95 for f in results.values())
    counts_ok = all(f.capped or f.count.p95 <= TARGET_COUNT_MS for f in results.values())
    checks = [
        (
            f"first page p95 <= {TARGET_FIRST_PAGE_P95_MS:.0f} ms (worst {worst_p95:.2f} ms)",
            worst_p95 <= TARGET_FIRST_PAGE_P95_MS,
        ),
        (
            f">= {TARGET_SPEEDUP:.0f}x faster than guardian (least {least_speedup:.1f}x)",
            least_speedup >= TARGET_SPEEDUP,
        ),
        (f"count exact within {TARGET_COUNT_MS:.0f} ms or capped (slowest p95 {slowest_count:.2f} ms)", counts_ok),
    ]
    for text, ok in checks:
        log(f"bench: target {'met' if ok else 'MISSED'}: {text}")
    log(f"bench: PostgreSQL server version {connection.pg_version}")

"""Cases benchmark: the case list page and the case API list on 100,000 cases with 300,000 adverts (x scale).

Seeds, with COPY, organisations of each sector, users, spaces, cases (a mix of organisation-only, space,
community-wide and public markings) with their adverts, then times through Django's test Client (the real
views, middleware and templates; logged in with force_login) for three user profiles:

- owner: an editor of the enforcement agency that owns a tenth of the cases (a broad user);
- ngo: a member of an NGO that is in several spaces (personal data redacted for them);
- narrow: a member of a small police unit in no space (sees community-wide and public cases only).

Figures: p95 and median in ms (target p95 <= 50 ms) and the query count per request, which must not grow
with the number of cases (the count is also taken at a tenth of the data to show it).
"""

import datetime
import random
import time

from bench.database import bulk_load, copy_rows, reset_sequences, truncate, vacuum_analyze
from bench.report import emit, emit_timing, log, measure

CASES = 100_000
ADVERTS_PER_CASE = 3
TARGET_P95_MS = 50.0
PREFIX = "bench-cases"


def run(scale: float) -> None:
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    log(f"bench: load average {_load()} (other work on the machine shows in the timings)")
    n_cases = max(int(CASES * scale), 100)
    started = time.perf_counter()
    people = _seed_people()
    _seed_cases(people, n_cases)
    emit("cases.seed.seconds", time.perf_counter() - started, "s")
    profiles = {name: people["users"][name] for name in ("owner", "ngo", "narrow")}
    for name, user in profiles.items():
        for target, url in (("page", "/cases/"), ("api", "/api/v1/cases/")):
            timing = _time(user, url)
            emit_timing(f"cases.{target}.{name}", timing)
            if timing.p95 > TARGET_P95_MS:
                log(f"bench: cases.{target}.{name} p95 {timing.p95:.1f} ms is over the {TARGET_P95_MS:.0f} ms target")
    # The query count does not grow with size: the same request on a tenth of the cases.
    _shrink(n_cases // 10)
    for name, user in profiles.items():
        for target, url in (("page", "/cases/"), ("api", "/api/v1/cases/")):
            emit(
                f"cases.{target}.{name}.queries_at_tenth", _time(user, url, repetitions=1, warmup=1).queries, "queries"
            )


def _time(user, url, repetitions=30, warmup=5):
    from django.test import Client

    client = Client()
    client.force_login(user)

    def call(_i):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    return measure(call, repetitions=repetitions, warmup=warmup)


def _seed_people() -> dict:
    from cases.models import Platform
    from portal.orgs.models import Membership, Organisation, Role, Sector, Space, SpaceMember, User

    User.objects.filter(email__startswith=PREFIX).delete()
    orgs = {}
    sectors = [Sector.ENFORCEMENT] * 12 + [Sector.NGO] * 5 + [Sector.PLATFORM] * 3
    for i, sector in enumerate(sectors):
        orgs[i], _ = Organisation.objects.get_or_create(
            name=f"{PREFIX} organisation {i}",
            defaults={"sector": sector, "country": "KE", "acronym": f"BC{i}", "approved": True},
        )
    from django.contrib.auth.models import Group

    existing = [
        f"space:{name}" for name in Space.objects.filter(name__startswith=PREFIX).values_list("name", flat=True)
    ]
    Group.objects.filter(name__startswith=f"space:{PREFIX}").exclude(name__in=existing).delete()  # left by a crash
    spaces = [Space.objects.get_or_create(name=f"{PREFIX} space {i}")[0] for i in range(20)]
    SpaceMember.objects.filter(space__in=spaces).delete()  # a rerun starts from the same memberships
    rng = random.Random(6)
    for s in spaces:
        for org_index in rng.sample(range(1, len(sectors)), 3):
            SpaceMember.objects.create(space=s, organisation=orgs[org_index])

    def user(name, org, role=Role.CONTRIBUTOR):
        u = User.objects.create(email=f"{PREFIX}-{name}@example.org", full_name=name)
        Membership.objects.create(user=u, organisation=org, role=role, vetted=True)
        return u

    ngo = orgs[12]
    for s in spaces[:8]:
        SpaceMember.objects.get_or_create(space=s, organisation=ngo)
    narrow_org = orgs[11]
    SpaceMember.objects.filter(organisation=narrow_org).delete()
    users = {"owner": user("owner", orgs[0]), "ngo": user("ngo", ngo), "narrow": user("narrow", narrow_org)}
    platforms = [
        Platform.objects.get_or_create(name=f"{PREFIX} platform {i}", defaults={"kind": "marketplace"})[0]
        for i in range(10)
    ]
    return {"orgs": orgs, "spaces": spaces, "users": users, "platforms": platforms}


def _seed_cases(people: dict, n_cases: int) -> None:
    from django.db import connection

    from cases.models import Advert, Case, CaseReferenceCounter

    truncate([Advert, Case, CaseReferenceCounter])
    rng = random.Random(2026)
    orgs = [o.pk for o in people["orgs"].values()]
    spaces = [s.pk for s in people["spaces"]]
    platforms = [p.pk for p in people["platforms"]]
    now = datetime.datetime.now(datetime.UTC)
    markings = [("organisation", "amber")] * 50 + [("spaces", "amber")] * 30 + [("community", "green")] * 17
    markings += [("public", "clear")] * 3
    case_fields = list(Case._meta.concrete_fields)
    advert_fields = list(Advert._meta.concrete_fields)
    case_spaces, case_platforms, advert_spaces = [], [], []

    def db_row(model_fields, values):
        return [f.get_db_prep_save(values.get(f.attname, _default(f)), connection) for f in model_fields]

    def cases():
        for pk in range(1, n_cases + 1):
            owner = orgs[0] if pk % 10 == 0 else rng.choice(orgs)
            distribution, tlp = rng.choice(markings)
            created = now - datetime.timedelta(minutes=n_cases - pk)
            if distribution == "spaces":
                case_spaces.append((pk, rng.choice(spaces)))
            case_platforms.append((pk, rng.choice(platforms)))
            yield db_row(
                case_fields,
                {
                    "id": pk, "owner_org_id": owner, "distribution": distribution, "tlp": tlp, "pap": "green",
                    "version": 1, "created_at": created, "updated_at": created, "reference": f"KE-2026-{pk:06d}",
                    "country": "KE", "title": f"Case {pk}: pangolin scales offered online", "status": "open",
                    "summary": "Adverts for scales in a closed group", "modus_operandi": ["code_words"],
                    "date_detected": created.date(),
                },
            )  # fmt: skip

    with bulk_load():
        counts = {"cases": copy_rows(Case._meta.db_table, [f.column for f in case_fields], cases())}
        # Each advert takes its case's marking (owner, distribution, TLP, spaces), as the services give it.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, owner_org_id, distribution, tlp FROM {Case._meta.db_table}")
            case_rows = cursor.fetchall()
        space_of = dict(case_spaces)

        def adverts():
            pk = 0
            for case_id, owner, distribution, tlp in case_rows:
                for _n in range(ADVERTS_PER_CASE):
                    pk += 1
                    if distribution == "spaces":
                        advert_spaces.append((pk, space_of[case_id]))
                    yield db_row(
                        advert_fields,
                        {
                            "id": pk, "case_id": case_id, "owner_org_id": owner, "distribution": distribution,
                            "tlp": tlp, "pap": "green", "version": 1, "created_at": now, "updated_at": now,
                            "title": f"Scales lot {pk}", "seller_handle": f"seller{pk % 5000}", "status": "online",
                            "platform_id": rng.choice(platforms),
                        },
                    )  # fmt: skip

        counts["adverts"] = copy_rows(Advert._meta.db_table, [f.column for f in advert_fields], adverts())
        for model, rows, other in (
            (Case.spaces.through, case_spaces, "space_id"),
            (Case.platforms.through, case_platforms, "platform_id"),
            (Advert.spaces.through, advert_spaces, "space_id"),
        ):
            own = "case_id" if model is not Advert.spaces.through else "advert_id"
            copy_rows(model._meta.db_table, [own, other], rows)
    reset_sequences([Case, Advert, Case.spaces.through, Case.platforms.through, Advert.spaces.through])
    vacuum_analyze(
        [Case._meta.db_table, Advert._meta.db_table, Case.spaces.through._meta.db_table,
         Case.platforms.through._meta.db_table, Advert.spaces.through._meta.db_table]
    )  # fmt: skip
    emit("cases.seed.cases", counts["cases"], "rows")
    emit("cases.seed.adverts", counts["adverts"], "rows")


def _default(field):
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    return ""


def _shrink(keep: int) -> None:
    """Delete all but the newest `keep` cases (and their adverts) to count queries on less data."""
    from django.db import connection

    from cases.models import Advert, Case

    with connection.cursor() as cursor:
        cut = f"(SELECT id FROM {Case._meta.db_table} ORDER BY id DESC OFFSET {int(keep)})"
        for model, column in ((Advert.spaces.through, "advert_id"),):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE {column} IN "
                f"(SELECT id FROM {Advert._meta.db_table} WHERE case_id IN {cut})"
            )
        cursor.execute(f"DELETE FROM {Advert._meta.db_table} WHERE case_id IN {cut}")
        for model in (Case.spaces.through, Case.platforms.through):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE case_id IN {cut}")
        cursor.execute(f"DELETE FROM {Case._meta.db_table} WHERE id IN {cut}")
    log(f"bench: kept the newest {keep} cases")


def _load() -> str:
    import os

    return " ".join(f"{n:.2f}" for n in os.getloadavg()) + f" on {os.cpu_count()} CPUs"

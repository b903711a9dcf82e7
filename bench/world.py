"""A synthetic but realistically shaped portal: organisations, vetted users, spaces, bulletins and grants.

The world is generated in memory first (deterministically, from a fixed seed) and then loaded with COPY,
so that the same description can feed both the policy's tables and guardian's generic baseline tables,
and so that profiles can be chosen from it without asking the database.

Shapes, and why:
- Organisation sizes follow a Zipf-like law (a few agencies with hundreds of users, a long tail of small
  NGOs and platforms with one to five): real membership lists look like that, and a big organisation is
  what makes "owned by my organisation" a large set.
- Organisations join spaces with a probability growing with their size, so a big agency sits in dozens of
  spaces while a typical user sees a handful.
- Bulletins are owned in proportion to organisation size, marked with a distribution and a TLP that obey
  the marking rules (public needs CLEAR, RED stays in the organisation, AMBER+STRICT goes at most to
  spaces), shared only into spaces their owner is in, and spread over five years with more recent ones
  (activity grows). They are inserted in creation order, so ids follow time as in production.
- Grants follow services.grant(): on restricted records only (organisation or spaces distribution), view
  to a space (never on RED), view to a named user outside the owner organisation, and change only on top
  of a view grant. A few liaison officers receive many grants; most users receive few or none.
"""

import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import GroupObjectPermission, UserObjectPermission

from bench.database import bulk_load, copy_rows, reset_sequences, truncate
from portal.bulletins.models import Bulletin, BulletinGroupGrant, BulletinUserGrant
from portal.orgs.models import Membership, Organisation, Space, SpaceMember, User

FULL_SIZE = {"organisations": 500, "users": 5_000, "spaces": 300, "bulletins": 200_000, "grants": 50_000}
MIN_SIZE = {"organisations": 10, "users": 50, "spaces": 6, "bulletins": 1_000, "grants": 200}

SECTOR_WEIGHTS = {
    "enforcement": 30,
    "cites_authority": 15,
    "igo": 4,
    "ngo": 25,
    "academia": 10,
    "platform": 10,
    "logistics": 6,
}
ROLE_WEIGHTS = {"contributor": 35, "reader": 50, "volunteer": 10, "admin": 5}
DISTRIBUTION_WEIGHTS = {"organisation": 30, "spaces": 25, "community": 35, "public": 10}
# TLP given the distribution: every pair here is allowed by access.models.ALLOWED_DISTRIBUTIONS.
TLP_WEIGHTS = {
    "public": {"clear": 1},
    "community": {"clear": 30, "green": 50, "amber": 20},
    "spaces": {"clear": 10, "green": 35, "amber": 35, "amber+strict": 20},
    "organisation": {"clear": 5, "green": 15, "amber": 40, "amber+strict": 25, "red": 15},
}
PAP_WEIGHTS = {"clear": 20, "green": 50, "amber": 25, "red": 5}
GRANT_SHARES = {"space": 0.40, "user_view": 0.50, "user_change": 0.10}

SPECIES = ["pangolin scales", "ivory carvings", "rhino horn", "live tortoises", "parrots", "shark fins", "tiger bone"]
ACTIVITY = ["listings", "shipment", "seller network", "advert wave", "courier route", "payment trail"]
PLATFORMS = ["a marketplace", "a messaging group", "a social network", "a classifieds site", "a courier portal"]
COUNTRIES = ["KE", "TZ", "UG", "ZA", "NG", "CN", "VN", "TH", "MY", "ID", "GB", "DE", "FR", "US", "BR", "IN", "AE"]

EPOCH_END = datetime(2026, 11, 1, tzinfo=UTC)
EPOCH_SPAN = timedelta(days=5 * 365)


def sized(scale: float) -> dict[str, int]:
    return {name: max(MIN_SIZE[name], round(n * scale)) for name, n in FULL_SIZE.items()}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _distinct(rng: random.Random, population: list[int], cum_weights: list[float], k: int) -> list[int]:
    """k distinct items drawn by weight (k is small next to the population, so rejection is cheap)."""
    k = min(k, len(population))
    chosen: dict[int, None] = {}
    while len(chosen) < k:
        chosen[rng.choices(population, cum_weights=cum_weights)[0]] = None
    return list(chosen)


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


@dataclass
class World:
    """Everything that is seeded, with ids as they will be in the database (1-based, in list order)."""

    sizes: dict[str, int]
    org_sector: list[str] = field(default_factory=list)  # index = org id - 1
    user_org: list[int] = field(default_factory=list)  # index = user id - 1
    user_role: list[str] = field(default_factory=list)
    space_orgs: list[list[int]] = field(default_factory=list)  # index = space id - 1
    space_users: list[list[int]] = field(default_factory=list)
    space_sectors: list[list[str]] = field(default_factory=list)
    # Bulletins, index = bulletin id - 1, in creation order.
    owner: list[int] = field(default_factory=list)
    author: list[int] = field(default_factory=list)
    distribution: list[str] = field(default_factory=list)
    tlp: list[str] = field(default_factory=list)
    created_at: list[datetime] = field(default_factory=list)
    record_spaces: dict[int, list[int]] = field(default_factory=dict)
    user_grants: list[tuple[int, int, str]] = field(default_factory=list)  # (user, bulletin, "view" | "change")
    space_grants: list[tuple[int, int]] = field(default_factory=list)  # (space, bulletin)

    # Derived look-ups, filled by index().
    org_users: dict[int, list[int]] = field(default_factory=dict)
    org_spaces: dict[int, list[int]] = field(default_factory=dict)
    user_direct_spaces: dict[int, list[int]] = field(default_factory=dict)

    def index(self) -> None:
        self.org_users = defaultdict(list)
        for uid, org in enumerate(self.user_org, start=1):
            self.org_users[org].append(uid)
        self.org_spaces = defaultdict(list)
        self.user_direct_spaces = defaultdict(list)
        for sid, (orgs, users) in enumerate(zip(self.space_orgs, self.space_users, strict=True), start=1):
            for org in orgs:
                self.org_spaces[org].append(sid)
            for uid in users:
                self.user_direct_spaces[uid].append(sid)

    def user_spaces(self, uid: int) -> set[int]:
        """Spaces the user is in: through their organisation or directly (policy.user_space_ids)."""
        return set(self.org_spaces.get(self.user_org[uid - 1], ())) | set(self.user_direct_spaces.get(uid, ()))

    def visible_ids(self, uid: int) -> set[int]:
        """The reading rule, evaluated in Python: an independent oracle for checking both query paths."""
        org, spaces = self.user_org[uid - 1], self.user_spaces(uid)
        visible = {
            bid
            for bid, (dist, owner) in enumerate(zip(self.distribution, self.owner, strict=True), start=1)
            if dist in ("public", "community") or owner == org
        }
        visible |= {bid for bid, sids in self.record_spaces.items() if spaces.intersection(sids)}
        visible |= {bid for user, bid, _ in self.user_grants if user == uid}
        visible |= {bid for sid, bid in self.space_grants if sid in spaces and self.tlp[bid - 1] != "red"}
        return visible


def build(scale: float, seed: int = 20261122) -> World:
    """Generate the world in memory; the same scale and seed always give the same world."""
    rng = random.Random(seed)
    world = World(sizes=sized(scale))
    _build_people(world, rng)
    _build_spaces(world, rng)
    world.index()
    _build_bulletins(world, rng)
    _build_grants(world, rng)
    return world


def _build_people(world: World, rng: random.Random) -> None:
    n_orgs, n_users = world.sizes["organisations"], world.sizes["users"]
    world.org_sector = [_pick(rng, SECTOR_WEIGHTS) for _ in range(n_orgs)]
    # Every organisation has at least one user; the rest follow a Zipf-like law over a shuffled rank.
    ranks = list(range(1, n_orgs + 1))
    rng.shuffle(ranks)
    weights = [rank**-0.8 for rank in ranks]
    extra = Counter(rng.choices(range(1, n_orgs + 1), weights=weights, k=n_users - n_orgs))
    for org in range(1, n_orgs + 1):
        for i in range(1 + extra[org]):
            world.user_org.append(org)
            # The first user of an organisation administers it; the others take the usual mix of roles.
            world.user_role.append("admin" if i == 0 else _pick(rng, ROLE_WEIGHTS))


def _build_spaces(world: World, rng: random.Random) -> None:
    n_orgs, n_users = world.sizes["organisations"], world.sizes["users"]
    size = Counter(world.user_org)
    orgs = list(range(1, n_orgs + 1))
    org_cum = _cumulative([size[o] ** 0.6 for o in orgs])
    for _ in range(world.sizes["spaces"]):
        member_orgs = _distinct(rng, orgs, org_cum, 2 + min(38, int(rng.expovariate(1 / 4))))
        outsiders = [
            u for u in rng.sample(range(1, n_users + 1), min(n_users, 20)) if world.user_org[u - 1] not in member_orgs
        ]
        world.space_orgs.append(member_orgs)
        world.space_users.append(outsiders[: min(15, int(rng.expovariate(1 / 3)))])
        restricted = rng.random() < 0.4
        world.space_sectors.append(sorted({world.org_sector[o - 1] for o in member_orgs}) if restricted else [])


def _build_bulletins(world: World, rng: random.Random) -> None:
    n = world.sizes["bulletins"]
    orgs = sorted(world.org_users)
    org_cum = _cumulative([len(world.org_users[o]) ** 0.9 for o in orgs])
    rows = []
    for _ in range(n):
        owner = rng.choices(orgs, cum_weights=org_cum)[0]
        dist = _pick(rng, DISTRIBUTION_WEIGHTS)
        spaces: list[int] = []
        if dist == "spaces":
            mine = world.org_spaces.get(owner, [])
            if mine:
                spaces = rng.sample(mine, min(len(mine), rng.choices([1, 2, 3], weights=[70, 20, 10])[0]))
            else:
                dist = "organisation"  # An organisation in no space cannot share into one.
        created = EPOCH_END - EPOCH_SPAN * (1 - rng.random() ** (1 / 1.6))
        rows.append((created, owner, rng.choice(world.org_users[owner]), dist, _pick(rng, TLP_WEIGHTS[dist]), spaces))
    rows.sort(key=lambda row: row[0])  # Ids follow creation time, as they do when records are created live.
    for bid, (created, owner, author, dist, tlp, spaces) in enumerate(rows, start=1):
        world.created_at.append(created)
        world.owner.append(owner)
        world.author.append(author)
        world.distribution.append(dist)
        world.tlp.append(tlp)
        if spaces:
            world.record_spaces[bid] = spaces


def _build_grants(world: World, rng: random.Random) -> None:
    total = world.sizes["grants"]
    n_users = world.sizes["users"]
    restricted = [bid for bid, d in enumerate(world.distribution, start=1) if d in ("organisation", "spaces")]
    not_red = [bid for bid in restricted if world.tlp[bid - 1] != "red"]
    # Heavy-tailed: a few liaison officers receive many grants, most users few or none.
    user_cum = _cumulative([rng.paretovariate(1.2) for _ in range(n_users)])
    users = list(range(1, n_users + 1))

    space_grants: set[tuple[int, int]] = set()
    for _attempt in range(total * 4):
        if len(space_grants) >= round(total * GRANT_SHARES["space"]):
            break
        bid = rng.choice(not_red)
        sid = rng.randint(1, world.sizes["spaces"])
        if sid not in world.record_spaces.get(bid, ()):
            space_grants.add((sid, bid))

    views: set[tuple[int, int]] = set()
    for _attempt in range(total * 4):
        if len(views) >= round(total * GRANT_SHARES["user_view"]):
            break
        bid = rng.choice(restricted)
        uid = rng.choices(users, cum_weights=user_cum)[0]
        if world.user_org[uid - 1] != world.owner[bid - 1]:
            views.add((uid, bid))
    ordered_views = sorted(views)
    changes = rng.sample(ordered_views, min(len(ordered_views), round(total * GRANT_SHARES["user_change"])))

    world.space_grants = sorted(space_grants)
    world.user_grants = [(u, b, "view") for u, b in ordered_views] + [(u, b, "change") for u, b in sorted(changes)]


def _bulletin_rows(world: World, rng: random.Random):
    """Bulletin table rows with believable text, so that rows are as wide as real ones."""
    for bid in range(1, len(world.owner) + 1):
        created = world.created_at[bid - 1]
        title = f"{rng.choice(SPECIES).capitalize()} {rng.choice(ACTIVITY)} #{bid}"
        body = (
            f"{title}: observed on {rng.choice(PLATFORMS)} over {rng.randint(2, 40)} days, "
            f"{rng.randint(1, 300)} items offered, prices in line with earlier seizures. Reference BL-{bid:07d}."
        )
        links = json.dumps([f"https://example.org/listing/{bid}"] if rng.random() < 0.3 else [])
        persons = f"seller handle @trader{rng.randint(1, 99999)}" if rng.random() < 0.2 else ""
        countries = ",".join(sorted(rng.sample(COUNTRIES, rng.choice([1, 1, 2, 3]))))
        expires = (created + timedelta(days=90)).date() if rng.random() < 0.2 else None
        yield (
            bid,
            created,
            created,
            world.distribution[bid - 1],
            world.tlp[bid - 1],
            _pick(rng, PAP_WEIGHTS),
            1,
            title,
            body,
            links,
            countries,
            persons,
            expires,
            world.author[bid - 1],
            world.owner[bid - 1],
        )


def seed(world: World) -> dict[str, int]:
    """Empty the tables the world lives in and load it with COPY; return row counts by table."""
    rng = random.Random(7)
    seeded = [
        Bulletin,
        BulletinUserGrant,
        BulletinGroupGrant,
        UserObjectPermission,
        GroupObjectPermission,
        SpaceMember,
        Space,
        Group,
        Membership,
        User,
        Organisation,
    ]
    ctype = ContentType.objects.get_for_model(Bulletin)
    perm = {p.codename.split("_")[0]: p.pk for p in Permission.objects.filter(content_type=ctype)}
    joined = EPOCH_END - EPOCH_SPAN - timedelta(days=30)
    counts: dict[str, int] = {}

    def load(model_or_table, columns, rows):
        table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
        counts[table] = copy_rows(table, columns, rows)

    with bulk_load():
        truncate(seeded)
        load(
            Organisation,
            ["id", "name", "acronym", "sector", "country", "website", "approved", "created_at"],
            (
                (
                    oid,
                    f"Organisation {oid:04d} ({sector})",
                    f"O{oid}",
                    sector,
                    COUNTRIES[oid % len(COUNTRIES)],
                    "",
                    True,
                    joined,
                )
                for oid, sector in enumerate(world.org_sector, start=1)
            ),
        )
        load(
            User,
            ["id", "password", "is_superuser", "email", "full_name", "is_active", "is_staff", "date_joined"],
            (
                (uid, "!bench", False, f"user{uid}@bench.example", f"User {uid}", True, False, joined)
                for uid in range(1, len(world.user_org) + 1)
            ),
        )
        load(
            Membership,
            ["user_id", "organisation_id", "role", "is_spoc", "vetted", "vetted_at", "created_at"],
            (
                (uid, org, role, role == "admin", True, joined, joined)
                for uid, (org, role) in enumerate(zip(world.user_org, world.user_role, strict=True), start=1)
            ),
        )
        # Each space owns an auth group with the space's id (Space.save() would create one per space).
        n_spaces = len(world.space_orgs)
        load(Group, ["id", "name"], ((sid, f"space:Space {sid:04d}") for sid in range(1, n_spaces + 1)))
        load(
            Space,
            ["id", "name", "description", "allowed_sectors", "confidential", "created_at", "group_id"],
            (
                (sid, f"Space {sid:04d}", "A benchmark space.", json.dumps(sectors), sid % 5 == 0, joined, sid)
                for sid, sectors in enumerate(world.space_sectors, start=1)
            ),
        )
        load(
            SpaceMember,
            ["space_id", "organisation_id", "user_id", "role", "added_at"],
            [
                *(
                    (sid, org, None, "admin" if i == 0 else "member", joined)
                    for sid, orgs in enumerate(world.space_orgs, start=1)
                    for i, org in enumerate(orgs)
                ),
                *(
                    (sid, None, uid, "member", joined)
                    for sid, users in enumerate(world.space_users, start=1)
                    for uid in users
                ),
            ],
        )
        load(
            Bulletin,
            [
                "id",
                "created_at",
                "updated_at",
                "distribution",
                "tlp",
                "pap",
                "version",
                "title",
                "body",
                "links",
                "countries",
                "persons_of_interest",
                "expires_on",
                "author_id",
                "owner_org_id",
            ],
            _bulletin_rows(world, rng),
        )
        load(
            Bulletin.spaces.through,
            ["bulletin_id", "space_id"],
            ((bid, sid) for bid, sids in world.record_spaces.items() for sid in sids),
        )
        load(
            BulletinUserGrant,
            ["user_id", "permission_id", "content_object_id"],
            ((uid, perm[action], bid) for uid, bid, action in world.user_grants),
        )
        load(
            BulletinGroupGrant,
            ["group_id", "permission_id", "content_object_id"],
            ((sid, perm["view"], bid) for sid, bid in world.space_grants),  # group id == space id, see above
        )
        reset_sequences([Organisation, User, Group, Space, Bulletin])
    return counts


def describe(world: World) -> str:
    """One line of the world's shape, for stderr."""
    spaces_per_user = sorted(len(world.user_spaces(u)) for u in range(1, len(world.user_org) + 1))
    org_sizes = sorted(len(v) for v in world.org_users.values())
    dist = Counter(world.distribution)

    def pct(values, q):
        return values[min(len(values) - 1, int(q * len(values)))]

    return (
        f"orgs {len(world.org_sector)} (users per org median {pct(org_sizes, 0.5)}, max {org_sizes[-1]}), "
        f"users {len(world.user_org)} (spaces per user median {pct(spaces_per_user, 0.5)}, "
        f"p90 {pct(spaces_per_user, 0.9)}, max {spaces_per_user[-1]}), spaces {len(world.space_orgs)}, "
        f"bulletins {len(world.owner)} ({', '.join(f'{k} {v}' for k, v in sorted(dist.items()))}), "
        f"grants {len(world.user_grants) + len(world.space_grants)} "
        f"(user {len(world.user_grants)}, space {len(world.space_grants)})"
    )

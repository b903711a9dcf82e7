"""The demo world: organisations, people and spaces here; apps register seeders that add their records."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from portal.orgs.models import Membership, Organisation, Role, Sector, Space, SpaceMember, SpaceRole, User

DEMO_PASSWORD = "wildlife-demo-2026"

_seeders: list[tuple[int, str, Callable]] = []


def register_seeder(order: int, name: str, fn: Callable) -> None:
    """fn(world) adds an app's demo records; it must be idempotent (seed_demo may run many times)."""
    if name not in {n for _, n, _ in _seeders}:
        _seeders.append((order, name, fn))


@dataclass
class DemoWorld:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    spaces: dict[str, Space] = field(default_factory=dict)
    logins: list[dict] = field(default_factory=list)


# key, name, acronym, sector, country, website
ORGANISATIONS = [
    ("kws", "Kenya Wildlife Service Cyber Unit", "KWS", Sector.ENFORCEMENT, "KE", "https://www.kws.go.ke"),
    ("ke-ma", "Kenya CITES Management Authority", "KE-MA", Sector.CITES_AUTHORITY, "KE", ""),
    ("nwcu", "UK National Wildlife Crime Unit", "NWCU", Sector.ENFORCEMENT, "GB", ""),
    ("cn-customs", "China Customs Anti-Smuggling Bureau", "CN-ASB", Sector.ENFORCEMENT, "CN", ""),
    ("vn-police", "Viet Nam Environmental Police", "VN-EP", Sector.ENFORCEMENT, "VN", ""),
    ("za-ma", "South Africa CITES Management Authority", "ZA-MA", Sector.CITES_AUTHORITY, "ZA", ""),
    ("interpol", "INTERPOL Environmental Security", "INTERPOL", Sector.IGO, "FR", "https://www.interpol.int"),
    ("cites-sec", "CITES Secretariat", "CITES", Sector.IGO, "CH", "https://cites.org"),
    ("traffic", "TRAFFIC", "TRAFFIC", Sector.NGO, "GB", "https://www.traffic.org"),
    ("ifaw", "International Fund for Animal Welfare", "IFAW", Sector.NGO, "US", "https://www.ifaw.org"),
    ("uon", "University of Nairobi Wildlife Trade Lab", "UoN", Sector.ACADEMIA, "KE", ""),
    ("markethub", "MarketHub (demo marketplace)", "MarketHub", Sector.PLATFORM, "US", ""),
    ("chatline", "ChatLine (demo messaging app)", "ChatLine", Sector.PLATFORM, "SG", ""),
    ("swift", "SwiftCourier (demo courier)", "Swift", Sector.LOGISTICS, "DE", ""),
]

# e-mail local part, org key, role, SPOC, vetted, full name
USERS = [
    ("analyst", "kws", Role.CONTRIBUTOR, False, True, "Amina Otieno"),
    ("admin", "kws", Role.ADMIN, True, True, "Peter Kamau"),
    ("reader", "kws", Role.READER, False, True, "Grace Wanjiru"),
    ("newcomer", "kws", Role.CONTRIBUTOR, False, False, "Daniel Mwangi (awaiting vetting)"),
    ("officer", "ke-ma", Role.ADMIN, True, True, "Ruth Njeri"),
    ("officer", "nwcu", Role.CONTRIBUTOR, True, True, "Tom Hughes"),
    ("admin", "nwcu", Role.ADMIN, False, True, "Sarah Price"),
    ("analyst", "cn-customs", Role.CONTRIBUTOR, True, True, "Li Wei"),
    ("officer", "vn-police", Role.CONTRIBUTOR, True, True, "Nguyen Van An"),
    ("officer", "za-ma", Role.ADMIN, True, True, "Thandi Mokoena"),
    ("analyst", "interpol", Role.CONTRIBUTOR, True, True, "Claire Martin"),
    ("officer", "cites-sec", Role.ADMIN, True, True, "Marco Rossi"),
    ("researcher", "traffic", Role.CONTRIBUTOR, False, True, "Hannah Lee"),
    ("admin", "traffic", Role.ADMIN, True, True, "James Carter"),
    ("spotter", "traffic", Role.VOLUNTEER, False, True, "Ana Souza"),
    ("researcher", "ifaw", Role.CONTRIBUTOR, True, True, "Emily Brown"),
    ("researcher", "uon", Role.CONTRIBUTOR, False, True, "Joseph Odhiambo"),
    ("trust", "markethub", Role.ADMIN, True, True, "Kevin Tran"),
    ("trust", "chatline", Role.CONTRIBUTOR, True, True, "Mei Lin Tan"),
    ("security", "swift", Role.READER, True, True, "Jonas Weber"),
]

# key, name, description, allowed sectors, confidential, members [(org key | "user:email", role)]
SPACES = [
    (
        "spoc",
        "Enforcement SPOC network",
        "Single points of contact of enforcement agencies and their IGO partners.",
        [Sector.ENFORCEMENT, Sector.IGO],
        False,
        [
            ("interpol", SpaceRole.ADMIN),
            ("kws", SpaceRole.MEMBER),
            ("nwcu", SpaceRole.MEMBER),
            ("cn-customs", SpaceRole.MEMBER),
            ("vn-police", SpaceRole.MEMBER),
        ],
    ),
    (
        "cites",
        "CITES authorities",
        "Management and enforcement authorities of Parties, with the Secretariat.",
        [Sector.CITES_AUTHORITY, Sector.IGO],
        False,
        [("cites-sec", SpaceRole.ADMIN), ("ke-ma", SpaceRole.MEMBER), ("za-ma", SpaceRole.MEMBER)],
    ),
    (
        "coalition",
        "Coalition platforms",
        "Online platforms of the Global Coalition with the NGOs that monitor them.",
        [Sector.PLATFORM, Sector.NGO, Sector.IGO, Sector.ENFORCEMENT],
        False,
        [
            ("traffic", SpaceRole.ADMIN),
            ("ifaw", SpaceRole.MEMBER),
            ("markethub", SpaceRole.MEMBER),
            ("chatline", SpaceRole.MEMBER),
        ],
    ),
    (
        "eastafrica",
        "East Africa cyber task force",
        "Confidential: ongoing operations in East Africa.",
        [],
        True,
        [("kws", SpaceRole.ADMIN), ("ke-ma", SpaceRole.MEMBER), ("user:analyst@interpol.demo", SpaceRole.MEMBER)],
    ),
]


def email_for(local: str, org_key: str) -> str:
    return f"{local}@{org_key}.demo"


@transaction.atomic
def seed_people(world: DemoWorld) -> None:
    for key, name, acronym, sector, country, website in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={"acronym": acronym, "sector": sector, "country": country, "website": website, "approved": True},
        )
        world.orgs[key] = org
    for local, org_key, role, spoc, vetted, full_name in USERS:
        email = email_for(local, org_key)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "organisation": world.orgs[org_key],
                "role": role,
                "is_spoc": spoc,
                "vetted": vetted,
                "vetted_at": timezone.now() if vetted else None,
            },
        )
        world.users[email] = user
        world.logins.append(
            {
                "email": email,
                "password": DEMO_PASSWORD,
                "organisation": world.orgs[org_key].name,
                "sector": world.orgs[org_key].sector,
                "role": role,
                "vetted": vetted,
                "spoc": spoc,
                "staff": False,
            }
        )
    admin = User.objects.filter(email="admin@portal.demo").first()
    if admin is None:
        admin = User.objects.create_superuser("admin@portal.demo", DEMO_PASSWORD, full_name="Portal administrator")
    Membership.objects.update_or_create(
        user=admin, defaults={"organisation": world.orgs["cites-sec"], "role": Role.ADMIN, "vetted": True}
    )
    world.users[admin.email] = admin
    world.logins.append(
        {
            "email": admin.email,
            "password": DEMO_PASSWORD,
            "organisation": world.orgs["cites-sec"].name,
            "sector": Sector.IGO,
            "role": Role.ADMIN,
            "vetted": True,
            "spoc": False,
            "staff": True,
        }
    )
    for key, name, description, sectors, confidential, members in SPACES:
        space = Space.objects.filter(name=name).first() or Space(name=name)
        space.description, space.allowed_sectors, space.confidential = (
            description,
            [str(s) for s in sectors],
            confidential,
        )
        space.save()
        world.spaces[key] = space
        for member, role in members:
            if member.startswith("user:"):
                SpaceMember.objects.update_or_create(space=space, user=world.users[member[5:]], defaults={"role": role})
            else:
                SpaceMember.objects.update_or_create(
                    space=space, organisation=world.orgs[member], defaults={"role": role}
                )


def seed_all() -> DemoWorld:
    world = DemoWorld()
    seed_people(world)
    for _, _, fn in sorted(_seeders, key=lambda item: item[0]):
        with transaction.atomic():
            fn(world)
    return world

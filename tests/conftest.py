"""Fixtures shared by every test: the fixed cast of STYLE.md and a world to place records in."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from portal.orgs.models import Role, Sector
from tests.factories import OrganisationFactory, member, space


def pytest_configure(config):
    from django.conf import settings

    # Hashing with the production hasher would dominate the suite's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counts, lockouts and used TOTP codes live in the cache: each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """Tests that empty the database (transactional, live server) run after all others, as pytest-django
    orders them; sorted again here, last, because a session-scoped parameter (pytest-playwright's browser)
    makes pytest group its tests together and can pull them forward."""

    def empties_database(item) -> bool:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        return transactional or "transactional_db" in fixtures or "live_server" in fixtures

    result = yield  # after every plugin's reordering
    items.sort(key=empties_database)  # stable: everything else keeps its order
    return result


@dataclass
class Cast:
    """Owner-org members, a space member (by organisation and by name), another sector, an outsider,
    a named grantee, an unvetted user, anonymous, and two volunteers of the owner's scheme (one in the space by
    name)."""

    owner_org: object
    space_org: object
    platform_org: object
    outsider_org: object
    space: object
    other_space: object
    owner_editor: object
    owner_reader: object
    space_member: object
    space_user: object
    other_sector: object
    outsider: object
    grantee: object
    unvetted: object
    anonymous: object
    volunteer: object
    volunteer2: object

    def users(self) -> dict:
        return {name: getattr(self, name) for name in CAST_NAMES}


CAST_NAMES = (
    "owner_editor",
    "owner_reader",
    "space_member",
    "space_user",
    "other_sector",
    "outsider",
    "grantee",
    "unvetted",
    "anonymous",
    "volunteer",
    "volunteer2",
)


@pytest.fixture
def cast(db) -> Cast:
    owner_org = OrganisationFactory(name="Owner Agency", sector=Sector.ENFORCEMENT)
    space_org = OrganisationFactory(name="Space NGO", sector=Sector.NGO)
    platform_org = OrganisationFactory(name="Platform Inc", sector=Sector.PLATFORM)
    outsider_org = OrganisationFactory(name="Outsider Police", sector=Sector.ENFORCEMENT, country="GB")
    owner_editor = member(owner_org, role=Role.CONTRIBUTOR, email="editor@owner.test")
    owner_reader = member(owner_org, role=Role.READER, email="reader@owner.test")
    space_member = member(space_org, email="member@space.test")
    space_user = member(outsider_org, email="named@outsider.test")
    other_sector = member(platform_org, email="trust@platform.test")
    outsider = member(outsider_org, email="officer@outsider.test")
    grantee = member(outsider_org, email="grantee@outsider.test")
    unvetted = member(owner_org, vetted=False, email="new@owner.test")
    # Two spotters of the owner organisation's reporting scheme; the second is also in the task force by name.
    volunteer = member(owner_org, role=Role.VOLUNTEER, email="spotter@owner.test")
    volunteer2 = member(owner_org, role=Role.VOLUNTEER, email="spotter2@owner.test")
    s = space(owner_org, space_org, space_user, volunteer2, name="Task force")
    other = space(platform_org, name="Platforms room")
    return Cast(
        owner_org,
        space_org,
        platform_org,
        outsider_org,
        s,
        other,
        owner_editor,
        owner_reader,
        space_member,
        space_user,
        other_sector,
        outsider,
        grantee,
        unvetted,
        AnonymousUser(),
        volunteer,
        volunteer2,
    )


@pytest.fixture
def portal_admin(cast):
    """A portal admin (staff), also a reader of the owner organisation."""
    user = member(cast.owner_org, role=Role.READER, email="staff@portal.test")
    user.is_staff = True
    user.save()
    return user

"""The baseline: the same visibility, expressed the way a plain django-guardian project would store it.

Without the policy, "who sees a record" has to be one object-permission row per (group or user, record)
in guardian's generic tables (content_type + object_pk as text). The world is materialised there as:

- one auth group per organisation, holding its users, with view_bulletin on every record it owns;
- the community group, holding every vetted user, with view_bulletin on every community and public
  record (all users here are vetted, so for them public and community read the same);
- each space's own group (Space.group), holding the users of its member organisations and its direct
  members, with view_bulletin on each record shared into the space and each space grant (never RED);
- each user grant as a user permission row (view, and change on top of view).

Then get_objects_for_user() answers the first page, as a guardian-only portal would.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import guardian.shortcuts
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import get_objects_for_user

from bench.database import bulk_load, copy_rows, reset_sequences
from bench.world import World
from portal.bulletins.models import Bulletin
from portal.orgs.models import User

PERM = "bulletins.view_bulletin"


def group_ids(world: World) -> tuple[dict[int, int], int]:
    """Group ids of the organisations (after the spaces' groups, whose ids are the space ids) and of the community."""
    first = len(world.space_orgs) + 1
    orgs = {oid: first + oid - 1 for oid in range(1, len(world.org_sector) + 1)}
    return orgs, first + len(orgs)


def materialise(world: World) -> dict[str, int]:
    """Load groups, user-group links and generic permission rows for the world; return row counts by table.

    Expects world.seed() to have emptied the tables (it truncates guardian's and auth's as well).
    """
    org_group, community = group_ids(world)
    ctype = ContentType.objects.get_for_model(Bulletin)
    perm = {p.codename.split("_")[0]: p.pk for p in Permission.objects.filter(content_type=ctype)}

    memberships = []
    for uid, org in enumerate(world.user_org, start=1):
        memberships += [(uid, org_group[org]), (uid, community)]
        memberships += [(uid, sid) for sid in sorted(world.user_spaces(uid))]

    # A set: a record shared into a space and also granted to it needs one row (unique together).
    group_rows: set[tuple[int, int]] = set()
    for bid, (owner, dist) in enumerate(zip(world.owner, world.distribution, strict=True), start=1):
        group_rows.add((org_group[owner], bid))
        if dist in ("community", "public"):
            group_rows.add((community, bid))
    group_rows.update((sid, bid) for bid, sids in world.record_spaces.items() for sid in sids)
    group_rows.update(world.space_grants)

    counts = {}
    with bulk_load():
        counts["auth_group (baseline)"] = copy_rows(
            Group._meta.db_table,
            ["id", "name"],
            [*((gid, f"bench:org:{oid}") for oid, gid in org_group.items()), (community, "bench:community")],
        )
        counts[User.groups.through._meta.db_table] = copy_rows(
            User.groups.through._meta.db_table, ["user_id", "group_id"], memberships
        )
        counts[GroupObjectPermission._meta.db_table] = copy_rows(
            GroupObjectPermission._meta.db_table,
            ["group_id", "permission_id", "content_type_id", "object_pk"],
            ((gid, perm["view"], ctype.pk, str(bid)) for gid, bid in sorted(group_rows)),
        )
        counts[UserObjectPermission._meta.db_table] = copy_rows(
            UserObjectPermission._meta.db_table,
            ["user_id", "permission_id", "content_type_id", "object_pk"],
            ((uid, perm[action], ctype.pk, str(bid)) for uid, bid, action in world.user_grants),
        )
        reset_sequences([Group])
    return counts


@contextmanager
def generic_tables() -> Iterator[None]:
    """Make get_objects_for_user read guardian's generic tables for Bulletin.

    get_objects_for_user() picks its permission models with get_user_obj_perms_model(queryset.model) and
    get_group_obj_perms_model(queryset.model) (guardian/shortcuts.py, 3.5.2), which walk the model's
    reverse relations and return a direct-FK model when one exists: for Bulletin that is BulletinUserGrant /
    BulletinGroupGrant, the policy's own grant tables, and the baseline would not be guardian's generic
    path at all. Called without an object, the same functions return the configured generic models
    (GUARDIAN_USER_OBJ_PERMS_MODEL / GROUP_...), which is exactly what guardian does for any model that has
    no direct-FK grant model. So, for the duration of the block, guardian.shortcuts' two look-ups ignore
    the object; the rest of get_objects_for_user (generic fields, str_pk cast, group subquery) runs unchanged.
    check_generic() verifies the SQL.
    """
    user_model = guardian.shortcuts.get_user_obj_perms_model
    group_model = guardian.shortcuts.get_group_obj_perms_model
    with mock.patch.multiple(
        guardian.shortcuts,
        get_user_obj_perms_model=lambda obj=None: user_model(None),
        get_group_obj_perms_model=lambda obj=None: group_model(None),
    ):
        yield


def baseline_queryset(user, klass=None):
    """guardian's answer to "which bulletins may this user view", on the generic tables (inside generic_tables()).

    klass defaults to the bypass_policy manager rather than a queryset: given a QuerySet, guardian also
    narrows both permission subqueries with `object_pk IN (SELECT id::text FROM bulletins_bulletin)`,
    a full scan that only makes the baseline slower; given the manager it builds the same queryset
    (Bulletin.bypass_policy.all()) without that filter. The queryset form is timed too, for the record.
    """
    return get_objects_for_user(
        user,
        PERM,
        klass=Bulletin.bypass_policy if klass is None else klass,
        use_groups=True,
        with_superuser=False,
        accept_global_perms=False,
    )


def check_generic(qs) -> None:
    """Fail loudly if a baseline queryset reads the policy's direct-FK grant tables instead of guardian's generic ones."""
    sql = str(qs.query)
    if "bulletinusergrant" in sql or "bulletingroupgrant" in sql or GroupObjectPermission._meta.db_table not in sql:
        raise RuntimeError(f"the guardian baseline does not read the generic tables: {sql}")

"""Writes to shared records: create, update with optimistic locking, and per-record grants."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from portal.access.models import TLP, Distribution, check_marking
from portal.access.policy import (
    REDACTED,
    can_change,
    can_share,
    can_view,
    member_policy,
    user_space_ids,
    vetted_membership,
)
from portal.access.registry import child_entries, policy_for, shareable_entry
from portal.audit.services import audit
from portal.orgs.models import Sector, Space, SpaceMember


class EditConflict(Exception):
    """Someone else saved the record after this editor loaded it."""

    def __init__(self, current):
        super().__init__("The record was changed by someone else")
        self.current = current


def check_spaces(*, actor, distribution: str, spaces, current=()) -> None:
    """Spaces must be named when distribution is "spaces", and the actor must be in each new one."""
    spaces = list(spaces)
    if distribution == Distribution.SPACES and not spaces:
        raise ValidationError({"spaces": _("Choose at least one space, or another distribution.")})
    allowed = set(Space.objects.filter(pk__in=user_space_ids(actor)).values_list("pk", flat=True))
    allowed |= {s.pk for s in current}
    outside = [s.name for s in spaces if s.pk not in allowed]
    if outside:
        raise ValidationError({"spaces": _("You are not a member of: %s.") % ", ".join(outside)})


def check_closed_sectors(model, *, users=(), spaces=(), field: str = "spaces") -> None:
    """Refuse to send a record to a user or space of a sector its model is closed to (ShareableEntry.closed_to).

    The policy hides such records from those sectors whatever is stored; this names the refusal instead.
    """
    closed = shareable_entry(model).closed_to
    if not closed:
        return
    refusal = _("%(records)s are never shared with the %(sectors)s sector.") % {
        "records": capfirst(model._meta.verbose_name_plural),
        "sectors": _(" or ").join(str(Sector(s).label) for s in sorted(closed)),
    }
    for user in users:
        membership = vetted_membership(user)
        if membership is not None and membership.organisation.sector in closed:
            raise ValidationError({"user": refusal})
    reaching = (
        SpaceMember.objects.filter(space__in=list(spaces))
        .filter(Q(organisation__sector__in=closed) | Q(user__membership__organisation__sector__in=closed))
        .values_list("space__name", flat=True)
        .distinct()
    )
    names = sorted(reaching) if spaces else []
    if names:
        raise ValidationError({field: f"{refusal} " + _("These spaces have members in it: %s.") % ", ".join(names)})


def _validate(obj, *, actor, spaces, current_spaces=()) -> None:
    check_marking(obj.distribution, obj.tlp)
    if spaces is not None:
        check_spaces(actor=actor, distribution=obj.distribution, spaces=spaces, current=current_spaces)
        if obj.distribution == Distribution.SPACES:
            check_closed_sectors(type(obj), spaces=spaces)
    obj.full_clean(exclude=["owner_org", "author", "spaces"])


@transaction.atomic
def shareable_create(*, actor, model, data: dict, spaces=()):
    """Create a record owned by the actor's organisation; the actor must be a vetted contributor."""
    membership = vetted_membership(actor)
    if not member_policy.can(actor, "contribute"):
        raise PermissionDenied(_("Only contributors and admins of a vetted organisation can share records."))
    obj = model(**data, owner_org_id=membership.organisation_id, author=actor)
    _validate(obj, actor=actor, spaces=spaces)
    obj.save()
    obj.spaces.set(spaces if obj.distribution == Distribution.SPACES else [])
    audit(actor=actor, action="record.create", obj=obj)
    return obj


@transaction.atomic
def shareable_update(*, actor, obj, data: dict, expected_version: int, spaces=None):
    """Update a record if nobody else saved it since expected_version; marking changes need can_share."""
    model = type(obj)
    locked = model.bypass_policy.select_for_update().get(pk=obj.pk)
    if not can_change(actor, locked):
        raise PermissionDenied(_("You may not change this record."))
    if locked.version != expected_version:
        raise EditConflict(locked)
    policy = policy_for(model)
    data = _without_withheld(policy, actor, locked, data)
    reach_changed = any(k in data and data[k] != getattr(locked, k) for k in policy.reach_fields if k != "spaces")
    spaces_changed = spaces is not None and {s.pk for s in spaces} != set(locked.spaces.values_list("pk", flat=True))
    if (reach_changed or spaces_changed) and not can_share(actor, locked):
        raise PermissionDenied(_("Only editors of the owner organisation may change who sees this record."))
    current_spaces = list(locked.spaces.all())
    for key, value in data.items():
        setattr(locked, key, value)
    _validate(locked, actor=actor, spaces=spaces, current_spaces=current_spaces)
    locked.version += 1
    locked.save()
    if spaces is not None:
        locked.spaces.set(spaces if locked.distribution == Distribution.SPACES else [])
    if locked.tlp == TLP.RED:
        # RED is for named people only: grants to whole spaces end with the marking.
        shareable_entry(model).group_grants.objects.filter(content_object=locked).delete()
    if not can_view(actor, locked):
        raise PermissionDenied(_("This change would take the record out of your own reach."))
    audit(actor=actor, action="record.update", obj=locked, detail={"version": locked.version})
    return locked


def _without_withheld(policy, actor, locked, data: dict) -> dict:
    """The data less the fields the actor may not read (they keep their values); changing one is refused.

    A co-editor's form never holds them; an API client may send back what it read ("[redacted]"), which is no
    change.
    """
    withheld = set(policy.hidden_fields(actor, locked)) & set(data)
    changed = sorted(name for name in withheld if data[name] not in (REDACTED, getattr(locked, name)))
    if changed:
        message = _("You may not change personal data that is not shown to you.")
        raise ValidationError(dict.fromkeys(changed, message))
    return {key: value for key, value in data.items() if key not in withheld}


def _perm(obj, action: str) -> str:
    return f"{obj._meta.app_label}.{action}_{obj._meta.model_name}"


@dataclass(frozen=True)
class Shared:
    """What a grant reached besides the record itself: its own records, and those kept back (TLP:RED to a space)."""

    records: int = 0
    kept_back: int = 0


def records_of(obj) -> list:
    """Every record that belongs to obj (a case's adverts, seizures, persons, ...), for sharing them along."""
    found = []
    for entry in child_entries(type(obj)):
        found += list(entry.model._base_manager.filter(**{entry.parent_field: obj}).order_by("pk"))
    return found


@transaction.atomic
def grant(*, actor, obj, user=None, space=None, can_edit: bool = False, with_records: bool = False) -> Shared:
    """Share one record with one more user or space; named users may also be let co-edit it.

    with_records shares the record's own records along (a case's adverts, persons, ...) that the actor may
    share, the same way; a TLP:RED one is never given to a space and is counted as kept back.
    """
    if not can_share(actor, obj):
        raise PermissionDenied(_("Only editors of the owner organisation may share this record."))
    if (user is None) == (space is None):
        raise ValidationError(_("Grant to one user or one space."))
    if user is not None and vetted_membership(user) is None:
        raise ValidationError({"user": _("Records can be shared only with vetted members.")})
    _grant_one(actor=actor, obj=obj, user=user, space=space, can_edit=can_edit)
    shared, kept_back = 0, 0
    for record in records_of(obj) if with_records else []:
        if not can_share(actor, record):
            continue
        if space is not None and record.tlp == TLP.RED:
            kept_back += 1
            continue
        _grant_one(actor=actor, obj=record, user=user, space=space, can_edit=can_edit)
        shared += 1
    return Shared(shared, kept_back)


def audience_after_grant(*, actor, obj, user=None, space=None, can_edit: bool = False, with_records: bool = False):
    """Who would see the record after this grant, in the words of the "Who can see this" panel: the share dialog
    shows it before the owner confirms. The grant is made and rolled back, so the answer is the policy's own."""
    with transaction.atomic():
        grant(actor=actor, obj=obj, user=user, space=space, can_edit=can_edit, with_records=with_records)
        lines = policy_for(type(obj)).describe_audience(actor, obj)
        transaction.set_rollback(True)
    return lines


def _grant_one(*, actor, obj, user, space, can_edit: bool) -> None:
    if not can_share(actor, obj):
        raise PermissionDenied(_("Only editors of the owner organisation may share this record."))
    if space is not None:
        if obj.tlp == TLP.RED:
            raise ValidationError({"space": _("TLP:RED records are shared with named people only, never a space.")})
        if can_edit:
            raise ValidationError({"can_edit": _("Co-editing is granted to named people only.")})
        check_closed_sectors(type(obj), spaces=[space], field="space")
        assign_perm(_perm(obj, "view"), space.group, obj)
        audit(actor=actor, action="grant.add", obj=obj, detail={"space": space.pk})
        return
    check_closed_sectors(type(obj), users=[user])
    assign_perm(_perm(obj, "view"), user, obj)
    if can_edit:
        assign_perm(_perm(obj, "change"), user, obj)
    audit(actor=actor, action="grant.add", obj=obj, detail={"user": user.pk, "edit": can_edit})


@transaction.atomic
def revoke(*, actor, obj, user=None, space=None) -> None:
    """End a grant on a record and on its own records (without the record, a grant on them would show nothing
    now, and everything again on a later grant of the record alone)."""
    if not can_share(actor, obj):
        raise PermissionDenied(_("Only editors of the owner organisation may change sharing."))
    target = user if user is not None else space.group
    detail = {"user": user.pk} if user is not None else {"space": space.pk}
    holder = {"user": user} if user is not None else {"group": target}
    records = [r for r in records_of(obj) if can_share(actor, r)]
    held = set()  # (model, pk) of the records that hold a grant of this holder: one query per kind of record
    for entry in child_entries(type(obj)):
        grants = entry.user_grants if user is not None else entry.group_grants
        ids = [r.pk for r in records if isinstance(r, entry.model)]
        rows = grants.objects.filter(content_object_id__in=ids, **holder).values_list("content_object_id", flat=True)
        held |= {(entry.model, pk) for pk in rows}
    for record in [obj, *(r for r in records if (type(r), r.pk) in held)]:
        for action in ("view", "change"):
            remove_perm(_perm(record, action), target, record)
        audit(actor=actor, action="grant.remove", obj=record, detail=detail)


def grants_of(obj) -> dict:
    """Who holds a grant on a record: for the share dialog."""
    entry = shareable_entry(type(obj))
    users = entry.user_grants.objects.filter(content_object=obj).select_related("user", "permission")
    groups = entry.group_grants.objects.filter(content_object=obj).select_related("group__space", "permission")
    by_user: dict = {}
    for row in users:
        item = by_user.setdefault(row.user_id, {"user": row.user, "edit": False})
        item["edit"] |= row.permission.codename.startswith("change_")
    spaces = {row.group.space for row in groups if hasattr(row.group, "space")}
    return {"users": list(by_user.values()), "spaces": sorted(spaces, key=lambda s: s.name)}


def linked_ids(obj, name: str) -> set[int]:
    """Ids of the records linked to obj through its many-to-many field `name`, hidden ones included.

    For writes only. The related manager (obj.<name>) is built on the target's default manager, which
    returns nothing until the policy is applied with a user, so it cannot tell what is linked now.
    """
    field = obj._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    return set(through.objects.filter(**{source: obj.pk}).values_list(f"{target}_id", flat=True))


def set_links(obj, name: str, targets) -> None:
    """Make obj's many-to-many `name` link exactly `targets` (records or ids).

    Instead of obj.<name>.set(), which reads the current links through the policy's manager, sees none,
    and so never removes one.
    """
    wanted = {getattr(target, "pk", target) for target in targets}
    current = linked_ids(obj, name)
    manager = getattr(obj, name)
    if current - wanted:
        manager.remove(*(current - wanted))
    if wanted - current:
        manager.add(*(wanted - current))


def with_hidden_links(obj, name: str, chosen, visible) -> list:
    """The chosen links plus those obj has now that the editor cannot see (`visible`: what they may see).

    An editor chooses among the records they can see; saving must not drop the links they cannot.
    """
    linked = linked_ids(obj, name)
    seen = set(visible.filter(pk__in=linked).values_list("pk", flat=True))
    return [*chosen, *sorted(linked - seen)]

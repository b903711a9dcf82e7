"""The one visibility policy. Every path that shows a shared record asks it, and nothing else.

Reading rule (DESIGN.md): a record is visible to a user when it is public; or, for a vetted member, when
it is community-wide, owned by their organisation, shared into a space they are in, or granted to them
or (unless TLP:RED) to one of their spaces through a per-record grant. Everything beyond "public"
needs a vetted membership and an active account.
"""

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from portal.access.models import TLP, Distribution
from portal.access.registry import shareable_entry
from portal.orgs.models import Membership, Role, Sector, SpaceMember

EDITOR_ROLES = (Role.ADMIN, Role.CONTRIBUTOR)
PERSONAL_DATA_SECTORS = (Sector.ENFORCEMENT, Sector.CITES_AUTHORITY, Sector.IGO)
REDACTED = "[redacted]"


def vetted_membership(user) -> Membership | None:
    """The user's membership if it lets them see beyond public records; cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    # request.user is a lazy wrapper: keep the cache on the user object itself, which the log-in backend
    # (portal.orgs.backends) filled while it loaded the user for this request.
    user = getattr(user, "_wrapped", user)
    cache = user.__dict__.setdefault("_portal_membership", [])
    if not cache:
        cache.append(Membership.objects.select_related("organisation").filter(user_id=user.pk).first())
    membership = cache[0]
    return membership if membership is not None and membership.vetted else None


def forget_membership(user) -> None:
    """Drop the cached membership, after a change to it within the same request."""
    getattr(user, "_wrapped", user).__dict__.pop("_portal_membership", None)


def user_space_ids(user, membership: Membership | None = None):
    """A subquery of the ids of spaces the user is in, directly or through their organisation."""
    membership = membership or vetted_membership(user)
    if membership is None:
        return SpaceMember.objects.none().values("space_id")
    return SpaceMember.objects.filter(Q(user_id=user.pk) | Q(organisation_id=membership.organisation_id)).values(
        "space_id"
    )


def _perm_codenames(model) -> list[str]:
    name = model._meta.model_name
    return [f"view_{name}", f"change_{name}"]


def visibility_q(model, user) -> Q:
    """The policy as one filter. Subqueries, not per-row EXISTS, so PostgreSQL hashes them once."""
    public = Q(distribution=Distribution.PUBLIC)
    membership = vetted_membership(user)
    entry = shareable_entry(model)
    if entry.closed_to and (membership is None or membership.organisation.sector in entry.closed_to):
        return Q(pk__in=[])  # nothing, whatever the marking or grants: not even a record marked public
    if membership is None:
        return public & _parent_visible_q(entry, user)
    spaces = user_space_ids(user, membership)
    through = model.spaces.through
    record_fk = model._meta.model_name
    codenames = _perm_codenames(model)
    in_my_spaces = through.objects.filter(space_id__in=spaces).values(f"{record_fk}_id")
    granted_to_me = entry.user_grants.objects.filter(user_id=user.pk, permission__codename__in=codenames).values(
        "content_object_id"
    )
    granted_to_my_spaces = entry.group_grants.objects.filter(
        group__space__in=spaces, permission__codename__in=codenames
    ).values("content_object_id")
    own = (
        public
        | Q(distribution=Distribution.COMMUNITY)
        | Q(owner_org_id=membership.organisation_id)
        | Q(distribution=Distribution.SPACES, pk__in=in_my_spaces)
        | Q(pk__in=granted_to_me)
        # A RED record is for named recipients only: a grant to a whole space never opens it.
        | (Q(pk__in=granted_to_my_spaces) & ~Q(tlp=TLP.RED))
    )
    return own & _parent_visible_q(entry, user)


def _parent_visible_q(entry, user) -> Q:
    """A child record (an advert of a case) is never more visible than its parent, whatever its own grants."""
    if entry.parent_field is None:
        return Q()
    parent = entry.model._meta.get_field(entry.parent_field).related_model
    return Q(**{f"{entry.parent_field}__in": parent.objects.visible_to(user).values("pk")})


class PolicyQuerySet(models.QuerySet):
    """A queryset that returns nothing until the policy has been applied with visible_to(user)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._policy_applied = False

    def _clone(self):
        clone = super()._clone()
        clone._policy_applied = self._policy_applied
        return clone

    def visible_to(self, user) -> "PolicyQuerySet":
        clone = self._chain().filter(visibility_q(self.model, user))
        clone._policy_applied = True
        return clone

    # A query that forgets the user answers as if there were no records at all.
    def _fetch_all(self):
        if not self._policy_applied and self._result_cache is None:
            self._result_cache = []
            self._prefetch_done = True
        super()._fetch_all()

    def count(self):
        return super().count() if self._policy_applied else 0

    def exists(self):
        return super().exists() if self._policy_applied else False

    def aggregate(self, *args, **kwargs):
        return super().aggregate(*args, **kwargs) if self._policy_applied else self.none().aggregate(*args, **kwargs)

    def iterator(self, chunk_size=None):
        return super().iterator(chunk_size) if self._policy_applied else iter(())

    def update(self, **kwargs):
        return super().update(**kwargs) if self._policy_applied else 0

    def delete(self):
        return super().delete() if self._policy_applied else (0, {})


class PolicyManager(models.Manager.from_queryset(PolicyQuerySet)):
    """Default manager of shareable models; writes and internals use the model's `unrestricted` manager."""


def can_view(user, obj) -> bool:
    if obj is None or obj.pk is None:
        return False
    return type(obj).objects.visible_to(user).filter(pk=obj.pk).exists()


def _has_grant(user, obj, codename: str) -> bool:
    entry = shareable_entry(type(obj))
    return entry.user_grants.objects.filter(
        user_id=user.pk, content_object_id=obj.pk, permission__codename=codename
    ).exists()


def can_change(user, obj) -> bool:
    """Owner-organisation admins and contributors, and named outsiders given a change grant."""
    membership = vetted_membership(user)
    if membership is None or obj is None or obj.pk is None:
        return False
    if membership.organisation_id == obj.owner_org_id:
        return membership.role in EDITOR_ROLES
    return _has_grant(user, obj, f"change_{obj._meta.model_name}") and can_view(user, obj)


def can_share(user, obj) -> bool:
    """Only the owner organisation's editors change who sees a record; co-editors do not."""
    membership = vetted_membership(user)
    return bool(membership and obj.owner_org_id == membership.organisation_id and membership.role in EDITOR_ROLES)


def can_contribute(user) -> bool:
    membership = vetted_membership(user)
    return bool(membership and membership.role in EDITOR_ROLES)


def sees_personal_data(user, obj) -> bool:
    """Personal data shows to the owner organisation and to enforcement, CITES authority and IGO viewers."""
    membership = vetted_membership(user)
    if membership is None:
        return False
    return membership.organisation_id == obj.owner_org_id or membership.organisation.sector in PERSONAL_DATA_SECTORS


def redact(user, obj):
    """Replace personal fields with a placeholder unless the user may see them; the object can no longer be saved.

    The caller must already have established that the user may view obj (it came from visible_to).
    """
    if obj.personal_fields and not sees_personal_data(user, obj):
        for name in obj.personal_fields:
            if getattr(obj, name, None) not in (None, "", [], {}):
                setattr(obj, name, REDACTED)
        obj._redacted = True
    return obj


def redact_all(user, objs):
    return [redact(user, obj) for obj in objs]


def who_can_view(obj):
    """The users who may see this record now: the reverse of visible_to, for notifications."""
    User = get_user_model()
    entry = shareable_entry(type(obj))
    active = User.objects.filter(is_active=True)
    if entry.parent_field is not None:
        active = active.filter(pk__in=who_can_view(getattr(obj, entry.parent_field)).values("pk"))
    if entry.audience is not None:
        active = entry.audience(obj, active)
    if entry.closed_to:
        active = active.filter(membership__vetted=True).exclude(membership__organisation__sector__in=entry.closed_to)
    if obj.distribution == Distribution.PUBLIC:
        return active
    vetted = active.filter(membership__vetted=True)
    if obj.distribution == Distribution.COMMUNITY:
        return vetted
    codenames = _perm_codenames(type(obj))
    record_spaces = []
    if obj.distribution == Distribution.SPACES:
        record_spaces = list(obj.spaces.values_list("pk", flat=True))
    if obj.tlp != TLP.RED:
        record_spaces += list(
            entry.group_grants.objects.filter(
                content_object_id=obj.pk, permission__codename__in=codenames, group__space__isnull=False
            ).values_list("group__space__pk", flat=True)
        )
    in_spaces = SpaceMember.objects.filter(space_id__in=record_spaces)
    granted = entry.user_grants.objects.filter(content_object_id=obj.pk, permission__codename__in=codenames)
    return vetted.filter(
        Q(membership__organisation_id=obj.owner_org_id)
        | Q(pk__in=granted.values("user_id"))
        | Q(pk__in=in_spaces.filter(user__isnull=False).values("user_id"))
        | Q(membership__organisation_id__in=in_spaces.filter(organisation__isnull=False).values("organisation_id"))
    ).distinct()


def get_visible_or_404(model_or_qs, user, **lookup):
    """The record if the user may see it; otherwise 404, exactly as if it did not exist."""
    from django.http import Http404

    qs = model_or_qs.objects.all() if isinstance(model_or_qs, type) else model_or_qs
    try:
        return qs.visible_to(user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record") from None


def capped_count(qs, cap: int) -> tuple[int, bool]:
    """Count up to cap rows: (count, capped). An exact COUNT(*) of a large visible set grows with the table."""
    n = qs.order_by()[: cap + 1].count()
    return (cap, True) if n > cap else (n, False)

"""The one visibility policy, as every caller asks it. Every path that shows a shared record asks it, and nothing
else.

Reading rule (DESIGN.md): a record is visible to a user when it is public; or, for a vetted member, when
it is community-wide, owned by their organisation, shared into a space they are in, or granted to them
or (unless TLP:RED) to one of their spaces through a per-record grant. Everything beyond "public"
needs a vetted membership and an active account. A volunteer reads less (portal.access.policies).

The rules themselves live in the model's policy object (portal.access.policies, and the subclasses the apps
register): the functions here keep their signatures and delegate to it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.access.abilities import member_policy  # noqa: F401 (re-exported)
from portal.access.policies import (  # noqa: F401 (re-exported: callers import them from here)
    EDITOR_ROLES,
    PERSONAL_DATA_SECTORS,
    REDACTED,
    user_space_ids,
    vetted_membership,
)
from portal.access.registry import policy_for
from portal.orgs.membership import forget_membership  # noqa: F401 (re-exported)


class PolicyNotApplied(RuntimeError):
    """A policy queryset was evaluated without visible_to(user): a bug, loud in tests and with DEBUG on."""


def visibility_q(model, user) -> Q:
    """The policy as one filter."""
    return policy_for(model).visible_q(user)


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
            # A related manager's read (case.code_words.all(), a form's initial of a many-to-many) is the documented
            # safe default (docs/ACCESS.md) and stays empty; a direct read that forgot the user is a bug.
            if settings.ACCESS_STRICT and not self.query.is_empty() and "instance" not in self._hints:
                raise PolicyNotApplied(f"{self.model._meta.label} read without visible_to(user)")
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
    """Default manager of shareable models; writes and internals use the model's `bypass_policy` manager."""


def can(user, action: str, obj) -> bool:
    """Whether the user may do action on a shared record (its policy's closed set of actions)."""
    return obj is not None and policy_for(type(obj)).can(user, action, obj)


def can_view(user, obj) -> bool:
    return can(user, "view", obj)


def can_change(user, obj) -> bool:
    """Owner-organisation admins and contributors, and named outsiders given a change grant."""
    return can(user, "change", obj)


def can_share(user, obj) -> bool:
    """Only the owner organisation's editors change who sees a record; co-editors do not."""
    return can(user, "share", obj)


def can_contribute(user) -> bool:
    return member_policy.can(user, "contribute")


def sees_personal_data(user, obj) -> bool:
    return policy_for(type(obj)).sees_personal_data(user, obj)


def redact(user, obj, *, leaving: bool = False):
    """The one redaction: the fields the reader may not read become a placeholder; the object can no longer be
    saved. leaving=True for content that travels beyond its reader (a Party report): personal data always goes."""
    return policy_for(type(obj)).redact(user, obj, leaving=leaving)


def redact_all(user, objs):
    return [redact(user, obj) for obj in objs]


def who_can_view(obj):
    """The users who may see this record now: the reverse of visible_to, for notifications."""
    return policy_for(type(obj)).audience(obj)


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

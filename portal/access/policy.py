"""The one visibility policy, as every caller asks it. Every path that shows a shared record asks it, and nothing
else.

Reading rule (DESIGN.md): a record is visible to a user when it is public; or, for a vetted member, when
it is community-wide, owned by their organisation, shared into a space they are in, or granted to them
or (unless TLP:RED) to one of their spaces through a per-record grant. Everything beyond "public"
needs a vetted membership and an active account. A volunteer reads less (portal.access.policies).

The rules themselves live in the model's policy object (portal.access.policies, and the subclasses the apps
register): the functions here keep their signatures and delegate to it.
"""

from django.db.models import Q
from django.http import Http404

from portal.access.abilities import member_policy  # noqa: F401 (re-exported)
from portal.access.policies import (  # noqa: F401 (re-exported: callers import them from here)
    EDITOR_ROLES,
    PERSONAL_DATA_SECTORS,
    REDACTED,
    user_space_ids,
    vetted_membership,
)
from portal.access.querysets import PolicyManager, PolicyNotApplied, PolicyQuerySet  # noqa: F401 (re-exported)
from portal.access.registry import policy_for
from portal.orgs.membership import forget_membership  # noqa: F401 (re-exported)


def visibility_q(model, user) -> Q:
    """The policy as one filter."""
    return policy_for(model).visible_q(user)


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

    qs = model_or_qs.objects.all() if isinstance(model_or_qs, type) else model_or_qs
    try:
        return qs.visible_to(user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record") from None


def capped_count(qs, cap: int) -> tuple[int, bool]:
    """Count up to cap rows: (count, capped). An exact COUNT(*) of a large visible set grows with the table."""
    n = qs.order_by()[: cap + 1].count()
    return (cap, True) if n > cap else (n, False)

"""Who a user is a member of: their vetted membership (cached on the user object), the spaces they are in,
whether they run their organisation. Below the access layer: `portal.access` builds its policies on these,
and the orgs app's models and log-in backend ask them without importing the access layer."""

from django.db.models import Q

from portal.orgs.models import Membership, Role, SpaceMember


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


def is_volunteer(membership: Membership | None) -> bool:
    return membership is not None and membership.role == Role.VOLUNTEER


def user_space_ids(user, membership: Membership | None = None):
    """A subquery of the ids of spaces the user is in, directly or through their organisation.

    A volunteer is a trusted spotter, not staff: only the spaces they were added to by name count for them.
    """
    membership = membership or vetted_membership(user)
    if membership is None:
        return SpaceMember.objects.none().values("space_id")
    by_name = Q(user_id=user.pk)
    if not is_volunteer(membership):
        by_name |= Q(organisation_id=membership.organisation_id)
    return SpaceMember.objects.filter(by_name).values("space_id")


def administers(user, organisation_id: int) -> bool:
    """The user is a vetted admin of that organisation."""
    membership = vetted_membership(user)
    return membership is not None and membership.role == Role.ADMIN and membership.organisation_id == organisation_id

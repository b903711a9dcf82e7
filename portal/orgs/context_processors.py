"""Puts the user's membership in every template, for navigation by role."""

from portal.access.policy import can_contribute, vetted_membership


def membership(request):
    user = getattr(request, "user", None)
    m = vetted_membership(user) if user is not None else None
    return {
        "membership": m,
        "user_sector": m.organisation.sector if m else "",
        "user_can_contribute": can_contribute(user) if m else False,
    }

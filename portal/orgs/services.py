"""Writes to spaces and memberships, each checked and audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access.abilities import space_policy
from portal.audit.services import audit
from portal.orgs.membership import administers, vetted_membership
from portal.orgs.models import Sector, Space, SpaceMember, SpaceRole

# The one answer to "add this e-mail address" when no one it may add has it: whether an account exists, is
# vetted or in which sector is not told (to an organisation admin, about their own organisation, it is).
NO_ELIGIBLE_PERSON = gettext_lazy("No vetted member who may join this space has this e-mail address.")


def is_space_member(user, space: Space) -> bool:
    """In the space, by name or through the organisation (SpacePolicy "enter")."""
    return space_policy.can(user, "enter", space)


def is_space_admin(user, space: Space) -> bool:
    """Named space admins, and the admins of an organisation that is a space admin (SpacePolicy)."""
    return space_policy.can(user, "administer", space)


@transaction.atomic
def space_add_member(*, actor, space: Space, organisation=None, user=None, role=SpaceRole.MEMBER):
    if not is_space_admin(actor, space):
        raise PermissionDenied(_("Only the space's admins manage its members."))
    if (organisation is None) == (user is None):
        raise ValidationError(_("Add either an organisation or a single user."))
    if user is not None:
        membership = vetted_membership(user)
        if membership is None or not space.sector_allowed(membership.organisation.sector):
            if membership is not None and administers(actor, membership.organisation_id):
                raise ValidationError(
                    _("%(space)s is not open to the %(sector)s sector of your organisation.")
                    % {"space": space, "sector": Sector(membership.organisation.sector).label}
                )
            # Not vetted, or of a sector the space is closed to: the answer to an unknown address.
            raise ValidationError(NO_ELIGIBLE_PERSON)
        sector = membership.organisation.sector
    else:
        sector = organisation.sector
    if not space.sector_allowed(sector):
        allowed = ", ".join(str(Sector(s).label) for s in space.allowed_sectors)
        raise ValidationError(
            _("%(space)s is open only to these sectors: %(allowed)s; %(who)s is in the %(sector)s sector.")
            % {"space": space, "allowed": allowed, "who": organisation or user, "sector": Sector(sector).label}
        )
    member, created = SpaceMember.objects.update_or_create(
        space=space, organisation=organisation, user=user, defaults={"role": role}
    )
    audit(
        actor=actor,
        action="space.member_add" if created else "space.member_change",
        obj=space,
        detail={"organisation": getattr(organisation, "pk", None), "user": getattr(user, "pk", None), "role": role},
    )
    return member


@transaction.atomic
def space_remove_member(*, actor, member: SpaceMember) -> None:
    if not is_space_admin(actor, member.space):
        raise PermissionDenied(_("Only the space's admins manage its members."))
    detail = {"organisation": member.organisation_id, "user": member.user_id}
    space = member.space
    member.delete()
    audit(actor=actor, action="space.member_remove", obj=space, detail=detail)

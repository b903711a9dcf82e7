"""Who runs an organisation, vetting its new accounts, and the end of a membership (removed, or left).

A membership that ends takes the person's sessions and API tokens with it: the accounts app's receiver of
Membership's post_delete ends them (portal.accounts.signals), whoever deletes it. Every change is audited.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import audit
from portal.orgs.membership import forget_membership
from portal.orgs.models import Membership, Role


def is_portal_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff))


def admin_membership(user) -> Membership | None:
    """The user's membership if they are a vetted admin of their organisation."""
    if not user.is_authenticated or not user.is_active:
        return None
    m = Membership.objects.select_related("organisation").filter(user_id=user.pk, vetted=True).first()
    return m if m is not None and m.role == Role.ADMIN else None


def can_administer(user) -> bool:
    return is_portal_admin(user) or admin_membership(user) is not None


def manageable_memberships(actor):
    """Memberships the actor may vet or remove: all for a portal admin; for an organisation admin, their own
    organisation's, never a portal admin's and never their own."""
    qs = Membership.objects.select_related("user", "organisation", "vetted_by")
    if is_portal_admin(actor):
        return qs.exclude(user_id=actor.pk)
    own = admin_membership(actor)
    if own is None:
        return qs.none()
    return (
        qs.filter(organisation_id=own.organisation_id)
        .exclude(user__is_staff=True)
        .exclude(user__is_superuser=True)
        .exclude(user_id=actor.pk)
    )


@transaction.atomic
def vet(*, actor, membership: Membership, approve: bool, role: str | None = None) -> None:
    """Approve an account (in the role the admin gives it, or the one it asked for) or refuse it.

    An account that asked for a new organisation is vetted by a portal admin only: approving it approves the
    organisation too; refusing the last account that asked for it drops the request."""
    if not manageable_memberships(actor).filter(pk=membership.pk, vetted=False).exists():
        raise PermissionDenied(_("You cannot vet this account."))
    if role is not None and role not in Role.values:
        raise ValidationError({"role": _("Choose one of: %s.") % ", ".join(str(label) for label in Role.labels)})
    user, organisation = membership.user, membership.organisation
    if not organisation.approved and not is_portal_admin(actor):
        raise PermissionDenied(_("You cannot vet this account."))
    if approve:
        if not organisation.approved:
            organisation.approved = True
            organisation.save(update_fields=["approved"])
            audit(
                actor=actor,
                action="organisation.approve",
                obj=organisation,
                organisation=organisation,
                detail={"name": organisation.name, "sector": organisation.sector, "with": user.email},
            )
        membership.vetted, membership.vetted_at, membership.vetted_by = True, timezone.now(), actor
        membership.role = role or membership.role
        membership.save(update_fields=["vetted", "vetted_at", "vetted_by", "role"])
        audit(
            actor=actor,
            action="vetting.approve",
            obj=user,
            organisation=organisation,
            detail={"role": membership.role},
        )
    else:
        membership.delete()
        audit(actor=actor, action="vetting.reject", obj=user, organisation=organisation)
        if not organisation.approved and not organisation.memberships.exists():
            audit(
                actor=actor,
                action="organisation.reject",
                detail={"name": organisation.name, "sector": organisation.sector},
            )
            organisation.delete()
    forget_membership(user)


def remove_member(*, actor, membership: Membership) -> None:
    """Ends the member's access at once: the membership goes, and every session of theirs with it."""
    if not manageable_memberships(actor).filter(pk=membership.pk).exists():
        raise PermissionDenied(_("You cannot remove this member."))
    user, organisation = membership.user, membership.organisation
    with transaction.atomic():
        membership.delete()
    audit(
        actor=actor,
        action="membership.remove",
        obj=user,
        organisation=organisation,
        detail={"email": user.email},
    )


def leave_organisation(*, user) -> None:
    """The user leaves their organisation: the membership goes, and every session of theirs with it."""
    membership = Membership.objects.select_related("organisation").filter(user_id=user.pk).first()
    if membership is None:
        return
    organisation = membership.organisation
    membership.delete()
    audit(actor=user, action="membership.leave", obj=user, organisation=organisation)

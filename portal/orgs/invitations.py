"""Invitations to an organisation: sent by its admin, found by their token, revoked, accepted once.

Accepting one creates the account, already vetted; the page that does it is the accounts app's (it sets the
password, next to sign-up). Every change is audited.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import audit
from portal.orgs.models import Invitation, Membership, Role
from portal.orgs.vetting import admin_membership, is_portal_admin


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def invite(*, actor, email: str, role: str) -> tuple[Invitation, str]:
    """Invite an address to the admin's organisation. An address that has an account elsewhere is answered as
    any other (the inviter is not told it has one); its owner gets a notice instead of a link."""
    own = admin_membership(actor)
    if own is None:
        raise PermissionDenied(_("Only an admin of an organisation invites people to it."))
    email = email.strip().lower()
    existing = get_user_model().objects.filter(email=email).first()
    if existing is not None and Membership.objects.filter(user=existing, organisation=own.organisation).exists():
        raise ValidationError({"email": _("This person already has an account in your organisation.")})
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=own.organisation,
        email=email,
        role=role,
        token_hash=_hash(raw),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.PORTAL_INVITATION_DAYS),
    )
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation-accept", args=[raw])
    if existing is None:
        body = _("%(org)s invites you to the portal. This link works once, until %(until)s:\n\n%(link)s") % {
            "org": own.organisation.name,
            "until": f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC",
            "link": link,
        }
    else:
        body = _(
            "%(org)s invites you to the portal, but this address already has an account there. To move to "
            "%(org)s, leave your organisation from your profile and ask its admin to invite you again."
        ) % {"org": own.organisation.name}
    send_mail(_("Invitation to the Wildlife Cybercrime Portal"), body, None, [email])
    audit(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        organisation=own.organisation,
        detail={"email": email, "role": role},
    )
    return invitation, raw


def invitation_for_token(raw: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=_hash(raw)).first()
    return invitation if invitation is not None and invitation.usable else None


def invitations_visible_to(actor):
    """The invitations an admin manages: all for a portal admin, else their own organisation's."""
    qs = Invitation.objects.select_related("organisation", "created_by")
    if is_portal_admin(actor):
        return qs
    own = admin_membership(actor)
    return qs.filter(organisation_id=own.organisation_id) if own is not None else qs.none()


def revoke_invitation(*, actor, invitation: Invitation) -> None:
    own = admin_membership(actor)
    if not is_portal_admin(actor) and (own is None or own.organisation_id != invitation.organisation_id):
        raise PermissionDenied
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit(actor=actor, action="invitation.revoke", obj=invitation, organisation=invitation.organisation)


def accept_invitation(*, raw: str, full_name: str, password: str):
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("organisation").filter(token_hash=_hash(raw)).first()
        )
        if invitation is None or not invitation.usable:
            raise ValidationError(_("This invitation is no longer valid."))
        if get_user_model().objects.filter(email=invitation.email).exists():
            raise ValidationError(_("An account with this e-mail address already exists."))
        user = get_user_model().objects.create_user(invitation.email, password, full_name=full_name)
        Membership.objects.create(
            user=user,
            organisation=invitation.organisation,
            role=invitation.role,
            vetted=True,
            vetted_at=timezone.now(),
            vetted_by=invitation.created_by,
        )
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    audit(
        actor=user,
        action="invitation.accept",
        obj=invitation,
        organisation=invitation.organisation,
        detail={"email": user.email},
    )
    return user

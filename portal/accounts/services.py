"""Accounts: who must use two-factor, vetting, invitations, members, API tokens and sessions.

Every change here is audited through portal.audit.services.audit().
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access.policy import forget_membership
from portal.accounts.models import ApiToken, Invitation, UserSession
from portal.audit.net import client_ip
from portal.audit.services import audit
from portal.orgs.models import Membership, Organisation, Role

TOKEN_PREFIX = "wcp_"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def axes_username(request, credentials=None) -> str:
    """The account django-axes counts failures for: the e-mail, normalised as the log-in backend does."""
    value = (credentials or {}).get("username") or (credentials or {}).get("email")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return (value or "").strip().lower()


# --- who is who ---------------------------------------------------------------------------------------


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


def is_demo_account(user) -> bool:
    return user.email.endswith(".demo")


def mfa_required(user) -> bool:
    """Members of enforcement, CITES-authority and IGO organisations must use two-factor (demo accounts skip it
    while DEBUG is on)."""
    if settings.DEBUG and is_demo_account(user):
        return False
    m = Membership.objects.select_related("organisation").filter(user_id=user.pk).first()
    if user.is_superuser or user.is_staff:
        return True
    return m is not None and m.organisation.sector in settings.PORTAL_MFA_REQUIRED_SECTORS


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


# --- vetting and members ----------------------------------------------------------------------------


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
        end_sessions(user)
    audit(
        actor=actor,
        action="membership.remove",
        obj=user,
        organisation=organisation,
        detail={"email": user.email},
    )


def leave_organisation(*, user) -> None:
    membership = Membership.objects.select_related("organisation").filter(user_id=user.pk).first()
    if membership is None:
        return
    organisation = membership.organisation
    membership.delete()
    audit(actor=user, action="membership.leave", obj=user, organisation=organisation)
    end_sessions(user)


# --- invitations ------------------------------------------------------------------------------------


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


# --- API tokens -------------------------------------------------------------------------------------


def create_token(*, user, name: str, days: int) -> tuple[ApiToken, str]:
    days = max(1, min(int(days), settings.PORTAL_API_TOKEN_MAX_DAYS))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        key_hash=_hash(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit(actor=user, action="token.create", obj=token, detail={"name": name, "days": days})
    return token, raw


def revoke_token(*, user, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(actor=user, action="token.revoke", obj=token)


def revoke_tokens(user) -> int:
    """Revoke every live token of the user (their membership ended or lost its vetting)."""
    return ApiToken.objects.filter(user_id=user.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def token_lookup(raw: str) -> ApiToken | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(raw)).first()
    if token is None or not token.active or not token.user.is_active:
        return None
    return token


# --- sessions ---------------------------------------------------------------------------------------


def record_session(request, user) -> None:
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    UserSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "ip": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )


def end_sessions(user, *, keep: str | None = None) -> int:
    """End every session of the user (except keep): they are deleted from the session store."""
    rows = UserSession.objects.filter(user_id=user.pk)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    return len(keys)


def live_sessions(user):
    keys = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.filter(user_id=user.pk, session_key__in=keys)


def sign_up(*, email: str, full_name: str, password: str, organisation_name: str, sector: str):
    """A new, unvetted account in the approved organisation of exactly that name, or in a request for a new one.

    The same work and the same answer whether or not the e-mail is taken, so neither the page nor its time
    tells who has an account: the password is hashed and one e-mail goes out either way (to an existing
    account's owner, a notice; the account is not changed)."""
    User = get_user_model()
    if User.objects.filter(email=email).exists():
        make_password(password)
        _send_signup_mail(email, "accounts/signup_existing_email.txt")
        audit(action="account.signup_existing", detail={"email": email})
        return None
    with transaction.atomic():
        organisation = _organisation_for_signup(organisation_name, sector)
        user = User.objects.create_user(email, password, full_name=full_name)
        Membership.objects.create(user=user, organisation=organisation, role=Role.READER, vetted=False)
    _send_signup_mail(email, "accounts/signup_email.txt")
    audit(
        actor=None,
        action="account.signup",
        obj=user,
        organisation=organisation,
        detail={"email": email, "new_organisation": not organisation.approved},
    )
    return user


def _organisation_for_signup(name: str, sector: str):
    """The approved organisation of that name (case aside), else the pending request for it, else a new request."""
    match = Organisation.objects.filter(name__iexact=name).order_by("-approved").first()
    if match is not None:
        return match
    return Organisation.objects.create(name=name, sector=sector, approved=False)


def _send_signup_mail(email: str, template: str) -> None:
    context = {"site_url": settings.SITE_URL.rstrip("/"), "login_path": reverse("login")}
    context["reset_path"] = reverse("accounts:password-reset")
    send_mail(_("Your request for a portal account"), render_to_string(template, context), None, [email])

"""Accounts: who must use two-factor, API tokens, sessions and sign-up.

Every change here is audited through portal.audit.services.audit().
"""

import hashlib
import secrets
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import ApiToken, UserSession
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


# --- who must use two-factor ------------------------------------------------------------------------


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

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


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

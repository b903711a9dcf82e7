"""Proving who one is: the second log-in step (a code, or setting two-factor up first), two-factor set-up,
turning it off and recovery codes, and the password asked again before a sensitive change."""

import base64
import time

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, validate_totp_code
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import enrolment, services
from portal.accounts.forms import CodeForm, MailCodeForm, PasswordForm
from portal.accounts.reauth import REAUTH_AT, reauth_required
from portal.audit.net import client_ip
from portal.audit.services import audit

PENDING = "portal_pending_login"
PENDING_SECONDS = 5 * 60
MAX_CODE_TRIES = 5
SETUP_SECRET = "portal_totp_secret"


# --- the second log-in step ------------------------------------------------------------------------


def start_pending_login(request, user, next_url: str):
    """The password was right; two-factor remains (to enter a code, or to set it up first)."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "uid": user.pk,
        "backend": user.backend,
        "at": int(time.time()),
        "next": next_url,
        "tries": 0,
    }
    if services.has_totp(user):
        return redirect("accounts:mfa-authenticate")
    return redirect("accounts:mfa-setup")


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or int(time.time()) - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["uid"], is_active=True).first()
    return user, pending


def _finish_login(request, user, pending):
    user.backend = pending["backend"]
    next_url = pending.get("next") or ""
    request.session.pop(PENDING, None)
    request.session.pop(SETUP_SECRET, None)
    enrolment.forget(request.session)
    login(request, user)
    request.session[REAUTH_AT] = int(time.time())
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse(settings.LOGIN_REDIRECT_URL)
    return redirect(next_url)


def _code_failed(request, user, pending):
    pending["tries"] += 1
    request.session[PENDING] = pending
    audit(action="mfa.failed", obj=user, detail={"email": user.email})
    # Counts towards django-axes' lockout of this account and address, like a wrong password.
    user_login_failed.send(sender=__name__, credentials={"username": user.email}, request=request)
    if pending["tries"] >= MAX_CODE_TRIES:
        request.session.pop(PENDING, None)
        messages.error(request, _("Too many wrong codes. Log in again."))
        return redirect("login")
    return None


def _check_code(user, code: str) -> bool:
    totp = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    if totp is not None and (code.isascii() and code.isdigit()) and len(code) == 6 and TOTP(totp).validate_code(code):
        return True
    recovery = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.RECOVERY_CODES).first()
    return recovery is not None and RecoveryCodes(recovery).validate_code(code)


def mfa_authenticate(request):
    user, pending = _pending_user(request)
    if user is None:
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _check_code(user, form.cleaned_data["code"]):
            audit(actor=user, action="mfa.success", obj=user)
            return _finish_login(request, user, pending)
        stop = _code_failed(request, user, pending)
        if stop:
            return stop
        form.add_error("code", _("This code is not valid."))
    return render(request, "accounts/mfa_authenticate.html", {"form": form}, status=400 if form.errors else 200)


def _qr_data_uri(user, secret: str) -> tuple[str, str]:
    adapter = get_mfa_adapter()
    url = adapter.build_totp_url(user, secret)
    svg = adapter.build_totp_svg(url)
    return url, "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _activate_totp(request, user, secret):
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user)
    request.session.pop(SETUP_SECRET, None)
    audit(actor=user, action="mfa.activate", obj=user)
    return codes.get_unused_codes()


# --- re-authentication -----------------------------------------------------------------------------


@login_required
def reauthenticate(request):
    """The password again, counted by django-axes like a log-in: a stolen session cannot guess it for ever."""
    form = PasswordForm(request.POST or None, user=request.user)
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("orgs:profile")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("orgs:profile")
    if request.method == "POST":
        credentials = {"username": request.user.email}
        if not AxesProxyHandler.is_allowed(request, credentials):
            # Locked out: no password is tried.
            return get_lockout_response(request, None, credentials)
        if form.is_valid():
            AxesProxyHandler.reset_attempts(username=request.user.email, ip_address=client_ip(request))
            request.session[REAUTH_AT] = int(time.time())
            return redirect(next_url)
        audit(actor=request.user, action="reauth.failed", obj=request.user)
        # Counts towards the lockout of this account and address; the fifth failure answers the lockout page.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(
        request, "accounts/reauthenticate.html", {"form": form, "next": next_url}, status=400 if form.errors else 200
    )


# --- two-factor ------------------------------------------------------------------------------------


def mfa_setup(request):
    """Set up TOTP: after the password when two-factor is required, or from the profile (password asked again)."""
    if request.user.is_authenticated:
        at = request.session.get(REAUTH_AT, 0)
        if int(time.time()) - at > settings.PORTAL_REAUTH_SECONDS:
            return redirect(f"{reverse('accounts:reauthenticate')}?next={reverse('accounts:mfa-setup')}")
        user, pending = request.user, None
    else:
        user, pending = _pending_user(request)
        if user is None:
            return redirect("login")
    if services.has_totp(user):
        return redirect("orgs:profile")
    if pending is not None and not enrolment.confirmed(request.session, user):
        return _setup_mail_step(request, user, pending)
    secret = request.session.get(SETUP_SECRET) or generate_totp_secret()
    request.session[SETUP_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if validate_totp_code(secret, form.cleaned_data["code"]):
            codes = _activate_totp(request, user, secret)
            if pending is not None:
                response = _finish_login(request, user, pending)
            else:
                response = None
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "just_created": True, "next": response.url if response else reverse("orgs:profile")},
            )
        if pending is not None:
            stop = _code_failed(request, user, pending)
            if stop:
                return stop
        form.add_error("code", _("This code is not valid."))
    url, qr = _qr_data_uri(user, secret)
    context = {"form": form, "secret": secret, "otpauth_url": url, "qr": qr, "required": pending is not None}
    return render(request, "accounts/mfa_setup.html", context, status=400 if form.errors else 200)


def _setup_mail_step(request, user, pending):
    """Before a first set-up at log-in: the code e-mailed to the account (the password alone enrols nothing)."""
    resend = "resend" in request.POST and enrolment.may_resend(request.session, user)
    if not enrolment.code_sent(request.session, user) or resend:
        enrolment.send_code(request.session, user)
    form = MailCodeForm(request.POST if request.method == "POST" and "resend" not in request.POST else None)
    if form.is_bound and form.is_valid():
        if enrolment.check_code(request.session, user, form.cleaned_data["mail_code"]):
            return redirect("accounts:mfa-setup")
        stop = _code_failed(request, user, pending)
        if stop:
            return stop
        form.add_error("mail_code", _("This code is not valid."))
    context = {"form": form, "email": user.email}
    return render(request, "accounts/mfa_mail_code.html", context, status=400 if form.errors else 200)


@require_POST
@reauth_required
def mfa_disable(request):
    if services.mfa_required(request.user):
        messages.error(request, _("Members of your organisation must use two-factor authentication."))
        return redirect("orgs:profile")
    Authenticator.objects.filter(user_id=request.user.pk).delete()
    audit(actor=request.user, action="mfa.deactivate", obj=request.user)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("orgs:profile")


@reauth_required
def recovery_codes(request):
    recovery = Authenticator.objects.filter(user_id=request.user.pk, type=Authenticator.Type.RECOVERY_CODES).first()
    if recovery is None:
        raise Http404
    if request.method == "POST":
        recovery.delete()
        recovery = RecoveryCodes.activate(request.user).instance
        audit(actor=request.user, action="mfa.recovery_codes_regenerate", obj=request.user)
        messages.success(request, _("New recovery codes: the old ones no longer work."))
    codes = RecoveryCodes(recovery).get_unused_codes()
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("orgs:profile")})

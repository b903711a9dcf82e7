"""Account pages: password and e-mail, tokens, sessions, sign-up (also by invitation). None serves a shared
record. The log-in steps and two-factor are in login_views; vetting, invitations and members are the orgs app's
pages."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import services
from portal.accounts.forms import AcceptInvitationForm, EmailChangeForm, SignupForm, TokenForm
from portal.accounts.models import ApiToken, UserSession
from portal.accounts.reauth import reauth_required
from portal.audit.services import audit
from portal.orgs.invitations import accept_invitation, invitation_for_token

# --- password and e-mail ----------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """Asks the current password; other sessions end (the current one is kept)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("orgs:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.end_sessions(self.request.user, keep=self.request.session.session_key)
        audit(actor=self.request.user, action="password.change", obj=self.request.user)
        messages.success(self.request, _("Password changed. Your other sessions have ended."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        audit(action="password.reset_request", detail={"email": form.cleaned_data["email"]})
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.end_sessions(form.user)
        audit(actor=form.user, action="password.reset", obj=form.user)
        return response


@reauth_required
def email_change(request):
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        old = request.user.email
        request.user.email = form.cleaned_data["email"]
        request.user.save(update_fields=["email"])
        update_session_auth_hash(request, request.user)
        audit(actor=request.user, action="email.change", obj=request.user, detail={"old": old})
        messages.success(request, _("E-mail changed."))
        return redirect("orgs:profile")
    return render(request, "accounts/email_change.html", {"form": form}, status=400 if form.errors else 200)


# --- tokens and sessions ----------------------------------------------------------------------------


@require_POST
@reauth_required
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/token_created.html", {"form": form}, status=400)
    token, raw = services.create_token(
        user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
    )
    return render(request, "accounts/token_created.html", {"token": token, "raw": raw})


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(user=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("orgs:profile")


@require_POST
@login_required
def session_end(request, pk):
    row = get_object_or_404(UserSession, pk=pk, user=request.user)

    Session.objects.filter(session_key=row.session_key).delete()
    row.delete()
    audit(actor=request.user, action="session.end", obj=request.user)
    messages.success(request, _("Session ended."))
    return redirect("orgs:profile")


# --- sign-up ----------------------------------------------------------------------------------------


def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.sign_up(
            email=data["email"],
            full_name=data["full_name"],
            password=data["password1"],
            organisation_name=data["organisation"],
            sector=data["sector"],
        )
        return redirect("accounts:signup-done")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


def signup_done(request):
    return render(request, "accounts/signup_done.html")


# --- sign-up by invitation --------------------------------------------------------------------------


def invitation_accept(request, token):
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            accept_invitation(
                raw=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your account is ready: log in."))
            return redirect("login")
    return render(
        request,
        "accounts/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )

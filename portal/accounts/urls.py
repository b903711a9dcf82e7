from django.contrib.auth.decorators import login_required
from django.urls import path

from portal.accounts import login_views, views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", login_views.mfa_authenticate, name="mfa-authenticate"),
    path("two-factor/setup/", login_views.mfa_setup, name="mfa-setup"),
    path("two-factor/disable/", login_views.mfa_disable, name="mfa-disable"),
    path("two-factor/recovery-codes/", login_views.recovery_codes, name="recovery-codes"),
    path("confirm-password/", login_views.reauthenticate, name="reauthenticate"),
    path("password/change/", login_required(views.PasswordChangeView.as_view()), name="password-change"),
    path("email/change/", views.email_change, name="email-change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password/reset/sent/",
        views.auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path(
        "password/reset/complete/",
        views.auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
    path("tokens/new/", views.token_create, name="token-create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("sessions/<int:pk>/end/", views.session_end, name="session-end"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_done, name="signup-done"),
]

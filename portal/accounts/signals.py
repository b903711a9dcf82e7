"""Receivers: log-ins, failures and lockouts go to the audit log; a disabled account loses its sessions."""

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.accounts.services import axes_username, end_sessions, record_session, revoke_tokens
from portal.audit.services import audit
from portal.orgs.models import Membership

AUTH_AT = "portal_auth_at"
SEEN_AT = "portal_seen_at"


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
    record_session(request, user)
    audit(actor=user, action="login", obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None and request is not None:
        audit(actor=user, action="logout", obj=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    email = axes_username(request, credentials)
    user = get_user_model().objects.filter(email=email).first() if email else None
    audit(action="login.failed", obj=user, detail={"email": email[:254]})


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    user = get_user_model().objects.filter(email=username).first() if username else None
    audit(action="login.lockout", obj=user, detail={"email": (username or "")[:254]})


@receiver(post_save, sender=get_user_model())
def on_user_saved(sender, instance, created, **kwargs):
    if not created and not instance.is_active:
        end_sessions(instance)


@receiver(post_delete, sender=Membership)
def on_membership_deleted(sender, instance, **kwargs):
    # Leaving or being removed from an organisation ends access at once: sessions and API tokens.
    end_sessions(instance.user)
    revoke_tokens(instance.user)


@receiver(post_save, sender=Membership)
def on_membership_saved(sender, instance, created, **kwargs):
    if not created and not instance.vetted:
        # Un-vetted: the tokens go with the membership's trust (they would still read public records).
        revoke_tokens(instance.user)

"""Idle timeout and absolute lifetime of a session: timestamps in the session itself, so no query of its own
(the session row is written at most once a minute to move the idle clock)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from portal.accounts.signals import AUTH_AT, SEEN_AT

TOUCH_EVERY = 60


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session, now = request.session, int(time.time())
            auth_at, seen_at = session.get(AUTH_AT), session.get(SEEN_AT)
            if auth_at is None or seen_at is None:
                session[AUTH_AT] = auth_at or now
                session[SEEN_AT] = now
            elif (
                now - seen_at > settings.PORTAL_SESSION_IDLE_TIMEOUT or now - auth_at > settings.PORTAL_SESSION_MAX_AGE
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect_to_login(request.get_full_path())
            elif now - seen_at > TOUCH_EVERY:
                session[SEEN_AT] = now
        return self.get_response(request)

"""Re-authentication: pages that change an account or end access ask for the password again after a while."""

import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

# When the session last proved the password (log-in, or the re-authentication page): seconds since the epoch.
REAUTH_AT = "portal_reauth_at"


def reauth_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        at = request.session.get(REAUTH_AT, 0)
        if int(time.time()) - at > settings.PORTAL_REAUTH_SECONDS:
            return redirect(f"{reverse('accounts:reauthenticate')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return wrapper

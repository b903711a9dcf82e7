"""The e-mailed code that comes before a first two-factor set-up at log-in.

A password alone must not be enough to enrol an authenticator: whoever holds a stolen password would enrol
theirs before the owner does, and keep the account. So on the log-in path (an account with no second factor
yet) the portal first e-mails a one-time code to the account's address; only who reads that mailbox goes on to
the QR code. From the profile, a signed-in person re-enters their password instead (re-authentication), and an
admin's reset of a lost factor leads back to this path.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from portal.audit.services import audit

SESSION_KEY = "portal_setup_mail"
CODE_SECONDS = 10 * 60
RESEND_SECONDS = 30  # "Send a new code" at most this often: the button must not become a mail cannon


def _digest(code: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{code}".encode()).hexdigest()


def send_code(session, user) -> None:
    """E-mail a fresh 6-digit code to the account and keep only its digest in the session."""
    code = f"{secrets.randbelow(10**6):06d}"
    session[SESSION_KEY] = {"uid": user.pk, "digest": _digest(code), "at": int(time.time()), "ok": False}
    send_mail(
        _("Your code to set up two-factor authentication"),
        _(
            "Someone, probably you, logged in to the Wildlife Cybercrime Portal with your password and is setting up "
            "two-factor authentication.\n\nYour code: %(code)s\n\nIt works for this log-in only, for a few minutes. If "
            "it was not you, change your password now and tell your organisation's admin."
        )
        % {"code": code},
        None,
        [user.email],
    )
    audit(actor=user, action="mfa.setup_code_sent", obj=user)


def may_resend(session, user) -> bool:
    state = session.get(SESSION_KEY)
    return not code_sent(session, user) or int(time.time()) - state["at"] >= RESEND_SECONDS


def code_sent(session, user) -> bool:
    state = session.get(SESSION_KEY)
    return bool(state and state["uid"] == user.pk and int(time.time()) - state["at"] <= CODE_SECONDS)


def confirmed(session, user) -> bool:
    return code_sent(session, user) and session[SESSION_KEY]["ok"]


def check_code(session, user, code: str) -> bool:
    """True, and remembered for this log-in, when the code is the one e-mailed (and not expired)."""
    if not code_sent(session, user):
        return False
    state = session[SESSION_KEY]
    if not hmac.compare_digest(state["digest"], _digest(code.strip())):
        return False
    state["ok"] = True
    session[SESSION_KEY] = state
    return True


def forget(session) -> None:
    session.pop(SESSION_KEY, None)

"""Anti-automation: re-authentication is locked like log-in, the lockout counts the client address behind a
trusted proxy, and a used two-factor code is refused by every process sharing the cache."""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import encrypt
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.audit.net import client_ip
from tests.accounts.test_login import PASSWORD, post_login
from tests.accounts.totp import current_code
from tests.factories import client_for

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def reauth(client, password, **extra):
    return client.post(reverse("accounts:reauthenticate"), {"password": password, "next": "/x"}, **extra)


def test_reauthentication_locks_after_five_wrong_passwords_and_then_refuses_the_right_one(cast):
    client = client_for(cast.space_member)
    for _ in range(4):
        assert reauth(client, "wrong-password-1").status_code == 400
    assert reauth(client, "wrong-password-1").status_code == 429
    locked = reauth(client, PASSWORD)
    assert locked.status_code == 429 and client.session.get("portal_reauth_at") is None
    assert AuditEvent.objects.filter(action="login.lockout", object_id=str(cast.space_member.pk)).exists()
    # The lockout is of this account from this address, and it holds for the log-in page too.
    assert post_login(Client(), "member@space.test").status_code == 429
    assert reauth(client, PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_a_right_password_clears_the_reauthentication_failures(cast):
    client = client_for(cast.space_member)
    for _ in range(4):
        reauth(client, "wrong-password-1")
    assert reauth(client, PASSWORD).status_code == 302
    for _ in range(4):
        assert reauth(client, "wrong-password-1").status_code == 400


class FakeRequest:
    def __init__(self, **meta):
        self.META = meta


@pytest.mark.parametrize(
    ("header", "count", "meta", "expected"),
    [
        ("", 1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.1"),
        ("HTTP_X_FORWARDED_FOR", 1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "1.2.3.4"),
        # Entries left of the proxies' are whatever the client sent: never trusted.
        ("HTTP_X_FORWARDED_FOR", 1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4"}, "1.2.3.4"),
        (
            "HTTP_X_FORWARDED_FOR",
            2,
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 1.2.3.4, 10.0.0.2"},
            "1.2.3.4",
        ),
        ("HTTP_X_FORWARDED_FOR", 2, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.1"),
        ("HTTP_X_FORWARDED_FOR", 1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-ip"}, "10.0.0.1"),
        ("HTTP_X_REAL_IP", 1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_REAL_IP": "2001:db8::1"}, "2001:db8::1"),
    ],
)
def test_client_address_comes_from_the_trusted_proxy_header(settings, header, count, meta, expected):
    settings.PORTAL_TRUSTED_PROXY_HEADER, settings.PORTAL_TRUSTED_PROXY_COUNT = header, count
    assert client_ip(FakeRequest(**meta)) == expected


def test_behind_the_proxy_one_client_cannot_lock_out_another(cast, settings):
    """Every request comes from the proxy's address: the lockout counts the address the proxy saw."""
    settings.PORTAL_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client()
    for _ in range(5):
        post_login(attacker, "member@space.test", "wrong-password-1", HTTP_X_FORWARDED_FOR="6.6.6.6", **proxy)
    assert post_login(attacker, "member@space.test", HTTP_X_FORWARDED_FOR="6.6.6.6", **proxy).status_code == 429
    # A forged leftmost entry does not move the attacker to another address either.
    forged = post_login(attacker, "member@space.test", HTTP_X_FORWARDED_FOR="1.2.3.4, 6.6.6.6", **proxy)
    assert forged.status_code == 429
    owner = post_login(Client(), "member@space.test", HTTP_X_FORWARDED_FOR="1.2.3.4", **proxy)
    assert owner.status_code == 302
    assert AuditEvent.objects.filter(action="login.failed", ip="6.6.6.6").count() >= 5


def _redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/"


def _redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


SECOND_PROCESS = """
import django
django.setup()
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
import sys
user_id, data, code = int(sys.argv[1]), sys.argv[2], sys.argv[3]
instance = Authenticator(user_id=user_id, type=Authenticator.Type.TOTP, data={"secret": data})
print(settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1], TOTP(instance).validate_code(code))
"""


def test_a_used_code_is_refused_by_another_process_sharing_redis(settings):
    url = _redis_url()
    if not _redis_reachable(url):
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {url}")
        pytest.skip(f"Redis is not reachable at {url}")
    prefix = f"test-{secrets.token_hex(6)}"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    }
    user_id = secrets.randbelow(10**9) + 10**9  # no row: TOTP reads only the user id and the secret
    secret = generate_totp_secret()
    instance = Authenticator(user_id=user_id, type=Authenticator.Type.TOTP, data={"secret": encrypt(secret)})
    code = current_code(secret)
    assert TOTP(instance).validate_code(code)
    assert not TOTP(instance).validate_code(code)  # this process remembers it
    env = {**os.environ, "REDIS_URL": url, "CACHE_KEY_PREFIX": prefix, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    env.setdefault("SECRET_KEY", "test-only-secret-key")
    second = subprocess.run(  # another worker process of the portal, configured from the environment alone
        [sys.executable, "-c", SECOND_PROCESS, str(user_id), instance.data["secret"], code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert second.stdout.split() == ["RedisCache", "False"]

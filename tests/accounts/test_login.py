"""Log-in through the real pages: e-mail and password, two-factor, lockout, new session, vetting message."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from portal.audit.models import AuditEvent
from tests.accounts.totp import current_code

PASSWORD = "correct-horse-battery-staple"
pytestmark = pytest.mark.django_db


def post_login(client, email, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes


def test_ngo_member_without_two_factor_logs_in_with_password(client, cast):
    response = post_login(client, "member@space.test")
    assert response.status_code == 302 and response.url == reverse("dashboard:home")
    assert client.session["_auth_user_id"] == str(cast.space_member.pk)
    assert AuditEvent.objects.filter(action="login", actor=cast.space_member).exists()


def test_log_in_gives_a_new_session(client, cast):
    client.get(reverse("login"))
    client.cookies["sessionid"] = "attackerchosensessionkey000000aa"
    session = client.session
    session["x"] = 1
    session.save()
    before = session.session_key
    post_login(client, "member@space.test")
    assert client.session.session_key != before


def test_unvetted_account_is_told_it_waits(client, cast):
    response = post_login(client, "new@owner.test")
    assert response.status_code == 200
    assert "waiting to be vetted" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_enforcement_member_must_set_up_two_factor_before_logging_in(client, cast):
    response = post_login(client, "editor@owner.test")
    assert response.status_code == 302 and response.url == reverse("accounts:mfa-setup")
    assert "_auth_user_id" not in client.session
    # Not logged in yet: pages still refuse.
    assert client.get(reverse("orgs:profile")).status_code == 302
    # The password alone enrols nothing: first the code e-mailed to the account.
    page = client.get(reverse("accounts:mfa-setup"))
    assert "secret" not in page.context and "code we have just e-mailed" in page.content.decode()
    (sent,) = mail.outbox
    assert sent.to == ["editor@owner.test"]
    mailed = re.search(r"Your code: (\d{6})", sent.body).group(1)
    wrong = "000000" if mailed != "000000" else "111111"
    assert client.post(reverse("accounts:mfa-setup"), {"mail_code": wrong}).status_code == 400
    assert client.post(reverse("accounts:mfa-setup"), {"mail_code": mailed}).url == reverse("accounts:mfa-setup")
    page = client.get(reverse("accounts:mfa-setup"))
    secret = page.context["secret"]
    assert client.post(reverse("accounts:mfa-setup"), {"code": "000000"}).status_code == 400
    done = client.post(reverse("accounts:mfa-setup"), {"code": current_code(secret)})
    assert done.status_code == 200 and len(done.context["codes"]) == 10
    assert client.session["_auth_user_id"] == str(cast.owner_editor.pk)
    assert Authenticator.objects.filter(user=cast.owner_editor, type="totp").exists()


def test_demo_accounts_skip_two_factor_only_in_debug(client, cast, settings):
    from tests.factories import member

    demo = member(cast.owner_org, email="officer@kws.demo")
    settings.DEBUG = True
    assert post_login(client, demo.email).url == reverse("dashboard:home")
    client.logout()
    settings.DEBUG = False
    assert post_login(client, demo.email).url == reverse("accounts:mfa-setup")


def test_user_with_totp_enters_a_code(client, cast):
    secret, _ = with_totp(cast.space_member)
    response = post_login(client, "member@space.test")
    assert response.url == reverse("accounts:mfa-authenticate")
    assert "_auth_user_id" not in client.session
    bad = client.post(reverse("accounts:mfa-authenticate"), {"code": "123456"})
    assert bad.status_code == 400 and "_auth_user_id" not in client.session
    good = client.post(reverse("accounts:mfa-authenticate"), {"code": current_code(secret)})
    assert good.status_code == 302 and client.session["_auth_user_id"] == str(cast.space_member.pk)
    assert AuditEvent.objects.filter(action="mfa.failed").count() == 1


def test_recovery_code_works_once(client, cast):
    _, codes = with_totp(cast.space_member)
    post_login(client, "member@space.test")
    assert client.post(reverse("accounts:mfa-authenticate"), {"code": codes[0]}).status_code == 302
    client.logout()
    post_login(client, "member@space.test")
    assert client.post(reverse("accounts:mfa-authenticate"), {"code": codes[0]}).status_code == 400


def test_code_step_without_password_step_goes_to_login(client, cast):
    assert client.get(reverse("accounts:mfa-authenticate")).url == reverse("login")
    assert client.post(reverse("accounts:mfa-setup"), {"code": "123456"}).url == reverse("login")


def test_lockout_after_five_failures_for_account_and_address(client, cast):
    for _ in range(4):
        assert post_login(client, "member@space.test", "wrong-password-1").status_code == 200
    # The fifth failure locks the account from this address (django-axes answers it with the lockout page).
    assert post_login(client, "member@space.test", "wrong-password-1").status_code == 429
    locked = post_login(client, "member@space.test")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.failed").count() >= 5
    assert AuditEvent.objects.filter(action="login.lockout").exists()
    # Another address is not locked out for the same account.
    other = post_login(client, "member@space.test", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_lockout_hides_vetting_state(client, cast):
    for _ in range(5):
        post_login(client, "new@owner.test", "wrong-password-1")
    response = post_login(client, "new@owner.test")
    assert response.status_code == 429
    assert "waiting to be vetted" not in response.content.decode()


def test_lockout_expires_after_cool_off(client, cast):
    from datetime import timedelta

    from axes.models import AccessAttempt

    for _ in range(5):
        post_login(client, "member@space.test", "wrong-password-1")
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=6))
    assert post_login(client, "member@space.test").status_code == 302


def test_wrong_codes_count_towards_lockout(client, cast):
    with_totp(cast.space_member)
    post_login(client, "member@space.test")
    for _ in range(5):
        client.post(reverse("accounts:mfa-authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert post_login(client, "member@space.test").status_code == 429


def test_the_e_mailed_code_counts_tries_like_an_authenticator_code(client, cast):
    post_login(client, "editor@owner.test")
    client.get(reverse("accounts:mfa-setup"))
    mailed = re.search(r"Your code: (\d{6})", mail.outbox[0].body).group(1)
    wrong = "000000" if mailed != "000000" else "111111"
    assert client.post(reverse("accounts:mfa-setup"), {"mail_code": "12345"}).status_code == 400  # too short
    for _ in range(4):
        assert client.post(reverse("accounts:mfa-setup"), {"mail_code": wrong}).status_code == 400
    # The fifth wrong code ends the log-in and locks the account (django-axes), as wrong authenticator codes do.
    assert client.post(reverse("accounts:mfa-setup"), {"mail_code": wrong}).status_code == 429
    after = client.post(reverse("accounts:mfa-setup"), {"mail_code": mailed})
    assert after.status_code in (302, 429) and "secret" not in (after.context or {})
    assert not Authenticator.objects.filter(user=cast.owner_editor).exists()
    assert AuditEvent.objects.filter(action="mfa.setup_code_sent").count() == 1


def test_a_new_code_is_sent_at_most_every_thirty_seconds(client, cast):
    post_login(client, "editor@owner.test")
    client.get(reverse("accounts:mfa-setup"))
    for _ in range(3):
        assert client.post(reverse("accounts:mfa-setup"), {"resend": "1"}).status_code == 200
    assert len(mail.outbox) == 1

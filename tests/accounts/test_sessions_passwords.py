"""Sessions: idle timeout, absolute lifetime, ended on disable and password change; password rules; re-auth."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.accounts.models import UserSession
from portal.accounts.signals import AUTH_AT, SEEN_AT
from tests.accounts.test_login import PASSWORD, post_login

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "otter-canopy-lantern-fjord"


def logged_in(client, email="member@space.test"):
    assert post_login(client, email).status_code == 302
    return client


def test_idle_timeout_ends_the_session(client, cast, settings):
    logged_in(client)
    assert client.get(reverse("orgs:profile")).status_code == 200
    session = client.session
    session[SEEN_AT] = int(time.time()) - settings.PORTAL_SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get(reverse("orgs:profile"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_idle_timeout_is_configurable(client, cast, settings):
    settings.PORTAL_SESSION_IDLE_TIMEOUT = 10
    logged_in(client)
    session = client.session
    session[SEEN_AT] = int(time.time()) - 11
    session.save()
    assert client.get(reverse("orgs:profile")).status_code == 302


def test_absolute_lifetime_ends_an_active_session(client, cast, settings):
    logged_in(client)
    session = client.session
    session[AUTH_AT] = int(time.time()) - settings.PORTAL_SESSION_MAX_AGE - 5
    session[SEEN_AT] = int(time.time())
    session.save()
    assert client.get(reverse("orgs:profile")).status_code == 302


def test_session_check_costs_no_query_of_its_own(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    logged_in(client)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("orgs:profile"))
    session_writes = [
        q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]
    assert session_writes == []  # the idle clock is moved at most once a minute


def test_disabling_the_account_ends_every_session(client, cast):
    from django.test import Client

    logged_in(client)
    other = logged_in(Client(REMOTE_ADDR="10.1.1.1"))
    assert UserSession.objects.filter(user=cast.space_member).count() == 2
    cast.space_member.is_active = False
    cast.space_member.save()
    assert UserSession.objects.filter(user=cast.space_member).count() == 0
    assert client.get(reverse("orgs:profile")).status_code == 302
    assert other.get(reverse("orgs:profile")).status_code == 302


def test_password_change_asks_the_old_one_and_ends_other_sessions(client, cast):
    from django.test import Client

    logged_in(client)
    other = logged_in(Client())
    url = reverse("accounts:password-change")
    wrong = client.post(url, {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    ok = client.post(url, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert ok.status_code == 302
    assert client.get(reverse("orgs:profile")).status_code == 200
    assert other.get(reverse("orgs:profile")).status_code == 302


@pytest.mark.parametrize(
    "password",
    ["short-pw-1", "password1234", "P@ssw0rd2024!", "Summer2024!!!", "aaaaaaaaaaaaaa", "123456789012", "qwertyuiopas"],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_passphrase_is_accepted():
    validate_password(NEW_PASSWORD)


def test_email_change_asks_the_password_again(client, cast):
    logged_in(client)
    session = client.session
    session["portal_reauth_at"] = 0
    session.save()
    response = client.get(reverse("accounts:email-change"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:reauthenticate"))
    assert client.post(reverse("accounts:reauthenticate"), {"password": "wrong"}).status_code == 400
    assert client.post(reverse("accounts:reauthenticate"), {"password": PASSWORD, "next": "/x"}).status_code == 302
    bad = client.post(reverse("accounts:email-change"), {"email": "new@space.test", "password": "wrong"})
    assert bad.status_code == 400
    ok = client.post(reverse("accounts:email-change"), {"email": "new@space.test", "password": PASSWORD})
    assert ok.status_code == 302
    cast.space_member.refresh_from_db()
    assert cast.space_member.email == "new@space.test"


def test_two_factor_setup_from_profile_needs_recent_password(client, cast):
    logged_in(client)
    session = client.session
    session["portal_reauth_at"] = 0
    session.save()
    assert client.get(reverse("accounts:mfa-setup")).url.startswith(reverse("accounts:reauthenticate"))


def test_password_reset_sends_a_link_that_sets_a_new_password(client, cast, mailoutbox):
    import re

    client.post(reverse("accounts:password-reset"), {"email": "member@space.test"})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    weak = client.post(form_url, {"new_password1": "password1234", "new_password2": "password1234"})
    assert weak.status_code == 200 and weak.context["form"].errors
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert post_login(client, "member@space.test", NEW_PASSWORD).status_code == 302


def test_profile_lists_two_factor_tokens_and_sessions(client, cast):
    logged_in(client)
    body = client.get(reverse("orgs:profile")).content.decode()
    assert "Two-factor authentication" in body and "API tokens" in body and "This session" in body

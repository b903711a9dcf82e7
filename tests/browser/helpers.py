"""Shared steps of the browser walks: logging in through the real page (two-factor set up when asked)."""

PASSWORD = "correct-horse-battery-staple"  # tests.factories.UserFactory's password


def log_in(page, base, email, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    # Wait for the answer to the form, not the login page itself: the dashboard or the two-factor set-up.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/two-factor/setup/" in page.url:
        # Enforcement, CITES-authority and IGO members set up two-factor before their first log-in completes:
        # first the code e-mailed to them (the live server runs in this process: its mail is in mail.outbox).
        page.get_by_label("Code from the e-mail").fill(mailed_code(email))
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Code", exact=True).fill(fresh_code(page.locator("code").first.inner_text()))
        page.get_by_role("button", name="Activate").click()
        page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{base}/")


def mailed_code(email: str) -> str:
    """The last set-up code e-mailed to this address."""
    import re

    from django.core import mail

    body = next(m.body for m in reversed(mail.outbox) if email in m.to)
    return re.search(r"Your code: (\d{6})", body).group(1)


def fresh_code(secret: str) -> str:
    """The current code, waiting for the next 30-second period when this one ends too soon for the server to
    check it (allauth accepts only the current code)."""
    import time

    from tests.accounts.totp import current_code

    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.1)
    return current_code(secret)


def log_out(page, base):
    page.context.clear_cookies()
    page.goto(f"{base}/")

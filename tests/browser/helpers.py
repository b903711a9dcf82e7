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
        # Enforcement, CITES-authority and IGO members set up two-factor before their first log-in completes.
        page.get_by_label("Code").fill(fresh_code(page.locator("code").first.inner_text()))
        page.get_by_role("button", name="Activate").click()
        page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{base}/")


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

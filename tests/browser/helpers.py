"""Shared steps of the browser walks: logging in through the real page (two-factor set up when asked)."""

PASSWORD = "correct-horse-battery-staple"  # tests.factories.UserFactory's password


def log_in(page, base, email, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/two-factor/setup/" in page.url:
        # Enforcement, CITES-authority and IGO members set up two-factor before their first log-in completes.
        from tests.accounts.totp import current_code

        page.get_by_label("Code").fill(current_code(page.locator("code").first.inner_text()))
        page.get_by_role("button", name="Activate").click()
        page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{base}/")


def log_out(page, base):
    page.context.clear_cookies()
    page.goto(f"{base}/")

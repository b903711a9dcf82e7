"""Users of two sectors log in through the real page and walk the main pages: each finds what they may see."""

import pytest

from portal.access.models import TLP, Distribution
from tests.browser.helpers import log_in
from tests.factories import BulletinFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records(cast):
    return {
        "org": BulletinFactory(owner_org=cast.owner_org, marker="Owner-only operation note"),
        "space": BulletinFactory(
            owner_org=cast.owner_org,
            marker="Task force alert",
            distribution=Distribution.SPACES,
            tlp=TLP.AMBER,
            spaces=[cast.space],
        ),
        "community": BulletinFactory(
            owner_org=cast.owner_org, marker="Community trend note", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
        ),
    }


@pytest.mark.parametrize(
    ("email", "sees", "hidden"),
    [
        ("editor@owner.test", {"org", "space", "community"}, set()),
        ("trust@platform.test", {"community"}, {"org", "space"}),
    ],
)
def test_each_sector_sees_its_own_share(page, live_server, records, email, sees, hidden):
    log_in(page, live_server.url, email)
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # on narrower windows the menu sits behind the toggler
        toggler.click()
    page.get_by_role("link", name="Bulletins").first.click()
    body = page.locator("main").inner_text()
    for key in sees:
        assert records[key].title in body
    for key in hidden:
        assert records[key].title not in body
        response = page.goto(f"{live_server.url}{records[key].get_absolute_url()}")
        assert response.status == 404
    page.goto(f"{live_server.url}{records['community'].get_absolute_url()}")
    assert "TLP:GREEN" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/spaces/")
    assert "Task force" in page.locator("main").inner_text()
    page.screenshot(path=f"var/test/browser-{email.split('@')[0]}.png", full_page=True)

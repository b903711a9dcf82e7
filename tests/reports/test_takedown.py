"""Time to removal counted once (reports.takedown) for the metrics page, the statistics and the usage page; the
metrics page at its old address, scoped as before; multi-series charts drawn by reports.charts."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.access.models import TLP, Distribution
from portal.orgs.models import Sector
from reports import takedown, usage
from reports.charts import Chart
from reports.content import Filters, takedown_metrics
from tests.factories import OrganisationFactory, PlatformFactory, ReferralFactory, client_for, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(cast):
    """To the other sector's platform: removed after 2 h and 10 h (one relisted), one not removed; one to another
    platform, removed after 30 h, that the owner's colleagues cannot see."""
    hub = PlatformFactory(organisation=cast.platform_org, name="Hub")
    elsewhere = PlatformFactory(name="Elsewhere")
    sent = timezone.now() - datetime.timedelta(days=3)
    shared = {"distribution": Distribution.COMMUNITY, "tlp": TLP.GREEN}

    def hours(h):
        return sent + datetime.timedelta(hours=h)

    made = [
        ReferralFactory(owner_org=cast.owner_org, marker="a", platform=hub, removed_at=hours(2), **shared),
        ReferralFactory(
            owner_org=cast.owner_org, marker="b", platform=hub, removed_at=hours(10), relisted_at=hours(40), **shared
        ),
        ReferralFactory(owner_org=cast.owner_org, marker="c", platform=hub, **shared),
        ReferralFactory(owner_org=cast.owner_org, marker="d", platform=elsewhere, removed_at=hours(30)),
    ]
    for referral in made:  # the factory sets sent_at to now; the fixture's dates win
        type(referral).bypass_policy.filter(pk=referral.pk).update(sent_at=sent)
    return made


def test_the_three_places_count_alike(cast, referrals):
    page = takedown.platform_metrics(cast.owner_editor)
    hub = next(row for row in page["platforms"] if row["platform"] == "Hub")
    assert (hub["referrals"], hub["removed"], hub["median_hours"], hub["p90_hours"]) == (3, 2, 6.0, 10.0)
    assert hub["removal_rate"] == 66.7 and hub["relisting_rate"] == 50.0
    admin = {row["platform"]: row for row in usage.removal_times()}
    assert admin["Hub"]["median_hours"] == 6.0 and admin["Elsewhere"]["median_hours"] == 30.0
    stats = takedown_metrics(cast.owner_editor, Filters())
    assert (stats["sent"], stats["removed"], stats["median_hours"]) == (4, 3, 10.0)
    # Someone outside the owner organisation counts the community-wide three only.
    outside = takedown_metrics(cast.other_sector, Filters())
    assert (outside["sent"], outside["removed"], outside["median_hours"]) == (3, 2, 6.0)


def test_a_removal_is_never_negative():
    now = timezone.now()
    rows = [(1, "Hub", now, now - datetime.timedelta(hours=5), None, "removed")]
    assert takedown.removal_hours(rows) == [0]


def test_the_metrics_page_keeps_its_address_and_scope(cast, referrals):
    assert reverse("reports:takedown-metrics") == "/referrals/metrics/"
    # The platform's member sees its own queue's referrals (and those visible to it), never another platform's.
    body = client_for(cast.other_sector).get("/referrals/metrics/").content.decode()
    assert "Hub" in body and "Elsewhere" not in body and "data:image/svg+xml;base64," in body
    assert "Elsewhere" in client_for(cast.owner_editor).get("/referrals/metrics/").content.decode()
    # A third platform's member: the community-wide referrals (visible_to), nothing from a queue not its own.
    chat_user = member(OrganisationFactory(name="Chat Org", sector=Sector.PLATFORM), email="trust@chat.test")
    assert [row["platform"] for row in takedown.platform_metrics(chat_user)["platforms"]] == ["Hub"]
    assert Client().get("/referrals/metrics/").status_code == 302


def test_a_chart_of_several_series_draws_a_legend_and_exports_every_column():
    chart = Chart(
        name="n", title="Per month", columns=("month", "Hub", "Chat"), rows=[("2026-01", 2, 1)], kind="stacked"
    )
    svg = chart.svg().decode()
    assert ">Hub</text>" in svg and ">Chat</text>" in svg  # the legend
    assert chart.csv().splitlines() == ["month,Hub,Chat", "2026-01,2,1"]

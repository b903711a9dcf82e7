"""The navigation bar is built from what each app registers (portal.menu): each person sees their entries."""

import pytest
from django.urls import reverse

from portal.orgs.models import Role, Sector
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def nav(client, user=None):
    if user is not None:
        client.force_login(user)
    page = client.get(reverse("dashboard:home")).content.decode()
    bar = page[page.index('id="nav"') : page.index('role="search"')]
    return bar


def test_each_sector_sees_its_entries(client):
    police = member(OrganisationFactory(sector=Sector.ENFORCEMENT), role=Role.CONTRIBUTOR, email="p@police.test")
    platform = member(OrganisationFactory(sector=Sector.PLATFORM), role=Role.CONTRIBUTOR, email="t@platform.test")
    bar = nav(client, police)
    for url in ("dashboard:home", "bulletins:list", "lexicon:list", "cases:list", "library:list",
                "assistance:request-list", "reports:party-list", "referrals:list", "referrals:report-list",
                "orgs:space-list", "orgs:organisation-list"):  # fmt: skip
        assert f'href="{reverse(url)}"' in bar, url
    assert reverse("referrals:queue") not in bar and reverse("admin:index") not in bar
    bar = nav(client, platform)
    assert f'href="{reverse("referrals:queue")}"' in bar
    assert f'href="{reverse("referrals:list")}"' not in bar and reverse("referrals:report-list") not in bar
    # In the registered order: the dashboard first, the core's people pages after the apps'.
    assert (
        bar.index(reverse("dashboard:home")) < bar.index(reverse("cases:list")) < bar.index(reverse("orgs:space-list"))
    )


def test_a_visitor_sees_only_the_public_entries(client):
    bar = nav(client)
    assert f'href="{reverse("bulletins:list")}"' in bar
    for url in ("lexicon:list", "assistance:request-list", "reports:party-list", "orgs:space-list", "admin:index"):
        assert reverse(url) not in bar, url

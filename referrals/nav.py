"""Who sees the referrals app's menu entries (registered in apps.py): the queue for platforms, referrals for
everyone else, reports from spotters for enforcement and the organisations that run a reporting scheme."""

from portal.orgs.models import Sector
from referrals.selectors import runs_scheme


def platform_staff(user, membership) -> bool:
    return membership is not None and membership.organisation.sector == Sector.PLATFORM


def not_a_platform(user, membership) -> bool:
    return membership is not None and membership.organisation.sector != Sector.PLATFORM


def reads_spotter_reports(user, membership) -> bool:
    if membership is None:
        return False
    org = membership.organisation
    return org.sector == Sector.ENFORCEMENT or runs_scheme(org)

from django import template

from portal.orgs.models import Sector
from referrals.selectors import runs_scheme

register = template.Library()


@register.inclusion_tag("referrals/_nav.html")
def referrals_nav(membership):
    """Nav items: the queue for platforms, reports from spotters for scheme organisations and enforcement."""
    if membership is None:
        return {}
    org = membership.organisation
    return {
        "queue": org.sector == Sector.PLATFORM,
        "reports": org.sector == Sector.ENFORCEMENT or runs_scheme(org),
        "referrals": org.sector != Sector.PLATFORM,
    }

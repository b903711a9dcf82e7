"""Template helpers: TLP and PAP badges, and policy questions asked from a template."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from portal.access.models import PAP, TLP, Distribution
from portal.access.policy import REDACTED
from portal.access.registry import policy_for

register = template.Library()


@register.simple_tag
def tlp_badge(value: str):
    label = TLP(value).label if value in TLP.values else value
    css = value.replace("+", "-")
    return format_html('<span class="badge tlp tlp-{}" title="Traffic Light Protocol">{}</span>', css, label)


@register.simple_tag
def pap_badge(value: str):
    label = PAP(value).label if value in PAP.values else value
    return format_html('<span class="badge pap pap-{}" title="Permissible Actions Protocol">{}</span>', value, label)


@register.simple_tag
def distribution_badge(obj):
    """Who the marking lets see the record, as anyone reads it: "KWS only", not the owner's "My organisation only"."""
    if obj.distribution == Distribution.ORGANISATION:
        # The owner's name when it is loaded already; a list must not pay a query per row for a badge.
        if type(obj)._meta.get_field("owner_org").is_cached(obj):
            label = _("%(org)s only") % {"org": obj.owner_org.acronym or obj.owner_org}
        else:
            label = _("Owner organisation only")
    else:
        label = Distribution(obj.distribution).label if obj.distribution in Distribution.values else obj.distribution
    return format_html('<span class="badge text-bg-light border">{}</span>', label)


@register.filter
def is_redacted(value) -> bool:
    return value == REDACTED


@register.inclusion_tag("access/who_can_see.html", takes_context=True)
def who_can_see(context, obj):
    """The "Who can see this" panel, computed from the record's policy."""

    user = context["request"].user
    return {"lines": policy_for(type(obj)).describe_audience(user, obj)}

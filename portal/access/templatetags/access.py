"""Template helpers: TLP and PAP badges, and policy questions asked from a template."""

from django import template
from django.utils.html import format_html

from portal.access.models import PAP, TLP
from portal.access.policy import REDACTED

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


@register.filter
def is_redacted(value) -> bool:
    return value == REDACTED

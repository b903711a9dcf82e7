"""The rows of the case list, written in Python: fifty rows through the template engine cost more than the
database does (each variable, filter and tag is resolved per row)."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html_join

from cases.models import CaseStatus
from portal.access.templatetags.access import distribution_badge, pap_badge, tlp_badge

register = template.Library()


@register.simple_tag
def case_rows(cases):
    """One <tr> per case (visible to the viewer, redacted, with selectors.attach_platform_names applied):
    reference, title, status, platforms, marking, owner and date detected."""
    statuses = {value: str(label) for value, label in CaseStatus.choices}
    return format_html_join(
        "",
        '<tr><td>{}</td><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{} {} {}</td>'
        "<td>{}</td><td>{}</td></tr>\n",
        (
            (
                case.reference,
                case.get_absolute_url(),
                case.title,
                statuses.get(case.status, case.status),
                case.platform_names,
                tlp_badge(case.tlp),
                pap_badge(case.pap),
                distribution_badge(case),
                case.owner_org,
                date_format(case.date_detected) if case.date_detected else "",
            )
            for case in cases
        ),
    )

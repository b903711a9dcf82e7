"""For other apps' pages: a link to ask the owner of a record for assistance.

    {% load library_assistance %}
    {% request_assistance_url case as ask_url %}
    {% if ask_url %}<a href="{{ ask_url }}">{% translate "Request assistance" %}</a>{% endif %}

The URL is /library/requests/new/?record=<app_label.ModelName>&pk=<id>; it is empty for users who may not
write requests (anonymous, unvetted, volunteers). The form itself re-checks that the record is visible.
"""

from django import template

from portal.library.assistance import may_request_assistance, request_create_url

register = template.Library()


@register.simple_tag(takes_context=True)
def request_assistance_url(context, obj=None) -> str:
    user = getattr(context.get("request"), "user", None) or context.get("user")
    return request_create_url(obj) if may_request_assistance(user) else ""

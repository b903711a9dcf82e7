from django import template
from django.contrib.auth.models import AnonymousUser

from portal.menu import menu_for

register = template.Library()


@register.inclusion_tag("dashboard/_menu.html", takes_context=True)
def main_menu(context):
    """The navigation bar's entries, as the apps registered them (portal.menu)."""
    # Error pages may render without the auth context processor: a visitor then.
    user = context.get("user") or AnonymousUser()
    return {"entries": menu_for(user, context.get("membership"))}

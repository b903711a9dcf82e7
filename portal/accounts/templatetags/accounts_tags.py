from django import template

from portal.accounts import services
from portal.accounts.forms import TokenForm
from portal.accounts.models import ApiToken
from portal.orgs.vetting import can_administer

register = template.Library()


@register.inclusion_tag("accounts/profile_security.html", takes_context=True)
def account_security(context):
    request = context["request"]
    user = request.user
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "has_totp": services.has_totp(user),
        "mfa_required": services.mfa_required(user),
        "can_administer": can_administer(user),
        "tokens": ApiToken.objects.filter(user=user)[:50],
        "token_form": TokenForm(),
        "sessions": services.live_sessions(user),
        "current_key": request.session.session_key,
    }

"""Ends the session of a user whose account was disabled or whose membership is no longer vetted."""

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.access.policy import vetted_membership


class VettedMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_superuser and vetted_membership(user) is None:
            logout(request)
            messages.warning(request, _("Your access has ended: your account is not vetted in an organisation."))
            return redirect("login")
        return self.get_response(request)

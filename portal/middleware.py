"""Two rules for every request: no NUL character in its address, and no shared cache for what holds records."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
STATIC_PREFIXES = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p != "/")


def _nul_in_query(request) -> str | None:
    """The first query parameter whose name or value holds a NUL, if any."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "%00")
    return None


class RefuseNulMiddleware:
    """A NUL in the path or the query string is a 400 naming it, before any view passes it to the database
    (PostgreSQL cannot store or compare text holding one: a 500 otherwise). Placed inside the audit middleware,
    so the refusal of a signed-in user is logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            return self._refuse(request, "path", _("The address holds a NUL character (%00)."))
        name = _nul_in_query(request)
        if name is not None:
            return self._refuse(request, name, _("A NUL character (%00) is not allowed here."))
        return self.get_response(request)

    def _refuse(self, request, field: str, message: str):
        if request.path.startswith(API_PREFIX):
            body = {"detail": message} if field == "path" else {field: [message]}
            return JsonResponse(body, status=400)
        reason = message if field == "path" else f"{field}: {message}"
        return render(request, "400.html", {"reason": reason}, status=400)


class PrivateCacheMiddleware:
    """Every answer to a signed-in user, and every API answer, is `Cache-Control: private, no-store` unless the
    view chose its own caching: they hold records that no shared or browser cache may keep. Anonymous pages
    (the log-in page, public records) are left to their views; static files are not touched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or request.path.startswith(STATIC_PREFIXES):
            return response
        user = getattr(request, "user", None)  # the API token's user too: DRF sets it on the request it wraps
        if request.path.startswith(API_PREFIX) or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "private, no-store"
        return response

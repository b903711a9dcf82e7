"""Refusals in the audit log: every 400, 403 and 404 answered to a signed-in user, pages and API alike.

A hidden record answers exactly as one that does not exist, so the answer itself tells an intruder nothing;
the log is where a try at a hidden record (an id edited by hand, another id in an API call) shows. A 400 is
a request the portal would not read (a NUL in the address, JSON nested too deep, a date out of range, a form
with errors): logged too, as hand-made requests show there.
"""

from django.conf import settings

from portal.audit.services import audit

ACTIONS = {400: "access.bad_request", 403: "access.refused", 404: "access.not_found"}
# Files the browser asks for on its own; a missing one is no one's attempt.
IGNORED_PREFIXES = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL, "/favicon.ico") if p and p != "/")


class AuditRefusalsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        action = ACTIONS.get(response.status_code)
        # request.user is the API token's user too: DRF sets it on the request it wraps.
        user = getattr(request, "user", None)
        if action and user is not None and user.is_authenticated and not request.path.startswith(IGNORED_PREFIXES):
            audit(
                actor=user,
                action=action,
                # PostgreSQL stores no NUL in text or JSON: written as in the address, or the refusal is lost.
                detail={"method": request.method, "path": request.path[:300].replace("\x00", "%00")},
            )
        return response

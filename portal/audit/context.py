"""What the audit row needs to know of the request that made a change, without services taking `request`.

The middleware sets it for the length of a request; a service, a signal or the audit log read it. Outside a
request (a management command, a task, a test calling a service) there is none and the row has no address.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from portal.audit.net import client_ip


@dataclass(frozen=True, slots=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""
    # "https://portal.example.org": for the links of e-mails sent while answering the request.
    origin: str = ""

    def absolute(self, path: str) -> str:
        return f"{self.origin}{path}" if self.origin else path


NO_REQUEST = RequestContext()
_current: ContextVar[RequestContext] = ContextVar("portal_request_context", default=NO_REQUEST)


def current() -> RequestContext:
    return _current.get()


def context_of(request) -> RequestContext:
    try:
        origin = f"{request.scheme}://{request.get_host()}"
    except Exception:  # noqa: BLE001 - a Host header outside ALLOWED_HOSTS: no links, the request is refused anyway
        origin = ""
    return RequestContext(
        ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", "")[:300], origin=origin
    )


@contextmanager
def request_context(request):
    token = _current.set(context_of(request))
    try:
        yield
    finally:
        _current.reset(token)


class RequestContextMiddleware:
    """Set right after authentication, before every middleware that audits (refusals, session limits, lockouts):
    they, the views and the services they call all see it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(request):
            return self.get_response(request)

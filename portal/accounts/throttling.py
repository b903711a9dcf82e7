"""API throttles that count visitors by the client address the portal trusts (portal.audit.net.client_ip)."""

from rest_framework.throttling import ScopedRateThrottle

from portal.audit.net import client_ip


class ScopedThrottle(ScopedRateThrottle):
    """DRF's per-scope throttle: per user (a token counts as its user), visitors per client address; DRF's own
    address reading would trust whatever X-Forwarded-For a client sends."""

    def get_ident(self, request):
        return client_ip(request) or ""

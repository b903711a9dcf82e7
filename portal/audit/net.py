"""The client's address, as far as the portal may trust it."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address the first
    of them saw, read from TRUSTED_PROXY_HEADER counting from the right (entries further left are whatever
    the client sent, so anyone could name any address there). django-axes locks by it, and the throttles count
    by it."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    header = settings.PORTAL_TRUSTED_PROXY_HEADER
    if not header:
        return remote
    hops = [hop.strip() for hop in request.META.get(header, "").split(",") if hop.strip()]
    count = settings.PORTAL_TRUSTED_PROXY_COUNT
    if len(hops) < count:
        # Not through every proxy (or a proxy that does not set the header): the peer is all we know.
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

"""Writing to the audit log: one call, from services and views."""

import ipaddress

from django.conf import settings

from portal.audit.models import AuditEvent


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


def audit(
    *, actor=None, action: str, obj=None, request=None, organisation=None, detail: dict | None = None
) -> AuditEvent:
    if actor is not None and not actor.is_authenticated:
        actor = None
    if organisation is None and actor is not None:
        membership = getattr(actor, "membership_or_none", None)
        organisation = membership.organisation if membership else None
    return AuditEvent.objects.create(
        actor=actor,
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip=client_ip(request),
        detail=detail or {},
    )


def audit_view(request, obj) -> AuditEvent:
    """A view of a non-public record: who saw which record, when and from where."""
    return audit(actor=request.user, action="record.view", obj=obj, request=request)

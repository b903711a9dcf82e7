"""Writing to the audit log: one call, from services and views; the address comes from the request context."""

from portal.audit.context import current
from portal.audit.models import AuditEvent


def audit(*, actor=None, action: str, obj=None, organisation=None, detail: dict | None = None) -> AuditEvent:
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
        ip=current().ip,
        detail=detail or {},
    )


def audit_view(request, obj) -> AuditEvent:
    """A view of a non-public record: who saw which record, when and from where."""
    return audit(actor=request.user, action="record.view", obj=obj)

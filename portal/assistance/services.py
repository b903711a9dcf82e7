"""Requests for assistance: opening a thread, writing in it, closing or reopening it, and sharing the record in
question with the requester. Each write is checked against the thread's two parties (AssistancePolicy) and
audited; the e-mails it sends say who wrote and where to read, never what (a thread may be TLP:RED)."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from portal.access.policy import vetted_membership
from portal.access.services import grant
from portal.assistance.models import AssistanceMessage, AssistanceRequest, RequestStatus
from portal.assistance.policies import RECIPIENT, assistance_policy
from portal.assistance.selectors import (
    may_request_assistance,
    recipient_organisations,
    recipient_users,
    resolve_record,
    side_of,
)
from portal.audit.context import current
from portal.audit.services import audit
from portal.errors import NotFound
from portal.orgs.models import Organisation


def _notify(thread: AssistanceRequest, users) -> None:
    """E-mail without content: the thread may be TLP:RED, so only who wrote and where to read it."""
    emails = [u.email for u in users if u.email]
    if not emails:
        return
    path = thread.get_absolute_url()
    link = current().absolute(path)
    body = _("You have a request for assistance from %(org)s in the portal. Log in to read it: %(link)s") % {
        "org": thread.sender_org.name,
        "link": link,
    }
    subject = _("A request for assistance from %(org)s") % {"org": thread.sender_org.name}
    transaction.on_commit(lambda: send_mail(subject, body, None, emails))


def _notify_reply(thread: AssistanceRequest, author) -> None:
    side = side_of(author, thread)
    if side == RECIPIENT:
        users = [thread.sender] if thread.sender.is_active else []
        org = thread.recipient_org.name
    else:
        users = [u for u in recipient_users(thread.recipient_org) if u.pk != author.pk]
        org = thread.sender_org.name
    emails = [u.email for u in users if u.email]
    if not emails:
        return
    path = thread.get_absolute_url()
    link = current().absolute(path)
    body = _("%(org)s has written in a request for assistance in the portal. Log in to read it: %(link)s") % {
        "org": org,
        "link": link,
    }
    subject = _("A new message from %(org)s") % {"org": org}
    transaction.on_commit(lambda: send_mail(subject, body, None, emails))


@transaction.atomic
def assistance_request_create(
    *,
    actor,
    recipient_org: Organisation,
    subject: str,
    body: str,
    record=None,
    identifier_kind: str = "",
) -> AssistanceRequest:
    """Open a thread to an organisation's SPOCs and admins, about a record the actor can see or a deconfliction hit.

    Callers that pass identifier_kind (the cases app's blind deconfliction) have checked that recipient_org holds
    such an identifier; no record is named then.
    """
    if not may_request_assistance(actor):
        raise PermissionDenied(_("Requests for assistance are for vetted members."))
    membership = vetted_membership(actor)
    if not subject.strip():
        raise ValidationError({"subject": _("Give the request a subject.")})
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    if not recipient_organisations(actor).filter(pk=recipient_org.pk).exists():
        raise ValidationError({"organisation": _("This organisation has no contact point to write to.")})
    if record is not None:
        # Re-checked here, whatever the caller did: nobody attaches a record they cannot see.
        resolve_record(actor, record._meta.label, record.pk)
    thread = AssistanceRequest.objects.create(
        sender=actor,
        sender_org=membership.organisation,
        recipient_org=recipient_org,
        subject=subject.strip(),
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        identifier_kind=identifier_kind if record is None else "",
    )
    AssistanceMessage.objects.create(thread=thread, author=actor, author_org=membership.organisation, body=body)
    audit(
        actor=actor,
        action="assistance.create",
        obj=thread,
        detail={
            "to_org": recipient_org.pk,
            "record": f"{record._meta.label_lower}:{record.pk}" if record is not None else "",
            "identifier_kind": thread.identifier_kind,
        },
    )
    _notify(thread, recipient_users(recipient_org))
    return thread


@transaction.atomic
def assistance_message_add(*, actor, thread: AssistanceRequest, body: str) -> AssistanceMessage:
    side = side_of(actor, thread)
    if side is None:
        raise NotFound("No such request")
    if thread.status == RequestStatus.CLOSED:
        raise ValidationError({"body": _("This request is closed; reopen it to write.")})
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    message = AssistanceMessage.objects.create(
        thread=thread, author=actor, author_org=vetted_membership(actor).organisation, body=body
    )
    thread.status = RequestStatus.ANSWERED if side == RECIPIENT else RequestStatus.OPEN
    thread.save(update_fields=["status", "updated_at"])
    audit(
        actor=actor,
        action="assistance.message",
        obj=thread,
        detail={"message": message.pk, "side": side},
    )
    _notify_reply(thread, actor)
    return message


@transaction.atomic
def assistance_status_set(*, actor, thread: AssistanceRequest, status: str) -> None:
    """Either party may close a thread or reopen it."""
    if side_of(actor, thread) is None:
        raise NotFound("No such request")
    if status not in (RequestStatus.OPEN, RequestStatus.CLOSED):
        raise ValidationError({"status": _("A request can only be closed or reopened.")})
    old = thread.status
    thread.status = status
    thread.save(update_fields=["status", "updated_at"])
    audit(actor=actor, action="assistance.status", obj=thread, detail={"from": old, "to": status})


@transaction.atomic
def assistance_share(*, actor, thread: AssistanceRequest) -> None:
    """The recipient shares the record in question with the requester (a per-record view grant)."""
    side = side_of(actor, thread)
    if side is None:
        raise NotFound("No such request")
    model = thread.record_type.model_class() if thread.record_type_id is not None else None
    if model is None:
        raise NotFound("No record in question")
    record = resolve_record(actor, model._meta.label, thread.record_id)
    if not assistance_policy.can(actor, "share_record", thread, record):
        raise PermissionDenied(_("Only editors of the organisation that owns the record may share it."))
    grant(actor=actor, obj=record, user=thread.sender)
    audit(
        actor=actor,
        action="assistance.share",
        obj=thread,
        detail={"record": f"{record._meta.label_lower}:{record.pk}", "user": thread.sender_id},
    )

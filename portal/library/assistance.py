"""Requests for assistance: selectors, services and forms.

Two parties, and nobody else, see a thread:
- the sending side: the member who sent it, and the vetted admins of their organisation (so a thread outlives
  its sender's leave or departure, and an admin answers for what their organisation asked); other members of
  the sending organisation do not see it;
- the receiving side: the vetted SPOCs and admins of the recipient organisation, any of whom may answer.
Everyone else, portal staff included, gets 404. A thread is not a Shareable record: it is never widened.

The record in question is held generically (content type + id); it is resolved only through the access
registry and the policy, so the core never imports the app that owns it. Other apps link to the new-request
form as /library/requests/new/?record=<app_label.ModelName>&pk=<id> (see request_create_url).
"""

from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.access.policy import get_visible_or_404, member_policy, redact, vetted_membership
from portal.access.registry import shareable_entry
from portal.access.services import grant
from portal.audit.context import current
from portal.audit.services import audit
from portal.errors import NotFound
from portal.library.models import AssistanceMessage, AssistanceRequest, RequestStatus
from portal.library.policies import RECIPIENT, assistance_policy
from portal.orgs.models import Membership, Organisation


def request_create_url(obj=None) -> str:
    """The URL other apps link to: the new-request form, about obj if given."""
    url = reverse("library:request-create")
    if obj is None:
        return url
    return f"{url}?{urlencode({'record': obj._meta.label, 'pk': obj.pk})}"


# Selectors


def may_request_assistance(user) -> bool:
    return member_policy.can(user, "request_assistance")


def requests_visible_to(user):
    """The threads the user is a party to (AssistancePolicy); nothing for anyone without a vetted membership."""
    return AssistanceRequest.objects.filter(assistance_policy.visible_q(user)).select_related(
        "sender", "sender_org", "recipient_org"
    )


def get_request_or_404(user, pk) -> AssistanceRequest:
    thread = requests_visible_to(user).filter(pk=pk).first() if (str(pk).isascii() and str(pk).isdigit()) else None
    if thread is None:
        raise NotFound("No such request")
    return thread


def side_of(user, thread: AssistanceRequest) -> str | None:
    return assistance_policy.side_of(user, thread)


def recipient_organisations(user):
    """Organisations a request can go to: those with at least one vetted, active SPOC, other than the user's."""
    membership = vetted_membership(user)
    if membership is None:
        return Organisation.objects.none()
    with_spoc = Membership.objects.filter(is_spoc=True, vetted=True, user__is_active=True).values("organisation_id")
    return (
        Organisation.objects.approved().filter(pk__in=with_spoc).exclude(pk=membership.organisation_id).order_by("name")
    )


def recipient_users(organisation):
    """Who receives a request sent to an organisation: its vetted, active SPOCs and admins."""
    User = Membership._meta.get_field("user").related_model
    return User.objects.filter(assistance_policy.recipients_q(organisation)).order_by("email")


def resolve_record(user, label: str, pk):
    """The record a label ("app_label.Model") and pk name, if registered and visible to the user; else 404.

    An unknown label, an unregistered model, a missing record and a hidden one all answer the same 404.
    """
    try:
        model = apps.get_model(str(label))
        shareable_entry(model)
    except (LookupError, ValueError):
        raise NotFound("No such record") from None
    if not (str(pk).isascii() and str(pk).isdigit()):
        raise NotFound("No such record")
    return get_visible_or_404(model, user, pk=int(pk))


def record_of(thread: AssistanceRequest, viewer):
    """The record in question as the viewer may see it (redacted), or None if there is none or it is hidden."""
    if thread.record_type_id is None or thread.record_id is None:
        return None
    model = thread.record_type.model_class()
    try:
        shareable_entry(model)
    except (LookupError, AttributeError):
        return None
    obj = model.objects.visible_to(viewer).filter(pk=thread.record_id).first()
    return redact(viewer, obj) if obj is not None else None


# Services


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


def can_share_from_thread(user, thread: AssistanceRequest, record) -> bool:
    return assistance_policy.can(user, "share_record", thread, record)


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


# Forms


class MessageForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))


class NewRequestForm(MessageForm):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("To organisation"),
        queryset=Organisation.objects.none(),
        help_text=gettext_lazy("Its single points of contact and admins receive the request."),
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    field_order = ["organisation", "subject", "body"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = recipient_organisations(user)

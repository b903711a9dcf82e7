"""Requests for assistance: who reads which thread, where a request can go, and the record in question.

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

from django.apps import apps
from django.urls import reverse

from portal.access.policy import get_visible_or_404, member_policy, redact, vetted_membership
from portal.access.registry import shareable_entry
from portal.assistance.models import AssistanceRequest
from portal.assistance.policies import assistance_policy
from portal.errors import NotFound
from portal.orgs.models import Membership, Organisation


def request_create_url(obj=None) -> str:
    """The URL other apps link to: the new-request form, about obj if given."""
    url = reverse("assistance:request-create")
    if obj is None:
        return url
    return f"{url}?{urlencode({'record': obj._meta.label, 'pk': obj.pk})}"


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


def can_share_from_thread(user, thread: AssistanceRequest, record) -> bool:
    return assistance_policy.can(user, "share_record", thread, record)

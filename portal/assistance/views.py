"""Pages of requests for assistance: inbox and outbox, the new-request form, the thread, status and share."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.policy import redact, vetted_membership
from portal.assistance.forms import MessageForm, NewRequestForm
from portal.assistance.models import RequestStatus
from portal.assistance.policies import RECIPIENT, SENDER
from portal.assistance.selectors import (
    can_share_from_thread,
    get_request_or_404,
    may_request_assistance,
    record_of,
    requests_visible_to,
    resolve_record,
    side_of,
)
from portal.assistance.services import (
    assistance_message_add,
    assistance_request_create,
    assistance_share,
    assistance_status_set,
)


def _apply(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def request_list(request):
    """Inbox (to my organisation, for its SPOCs and admins) and outbox (sent by me, or my organisation if admin)."""
    membership = vetted_membership(request.user)
    box = "out" if request.GET.get("box") == "out" else "in"
    threads = requests_visible_to(request.user)
    if membership is not None:
        org = membership.organisation_id
        threads = threads.filter(sender_org_id=org) if box == "out" else threads.filter(recipient_org_id=org)
    return render(
        request,
        "assistance/request_list.html",
        {"box": box, "threads": list(threads[:200]), "vetted": membership is not None},
    )


@login_required
def request_create(request):
    if not may_request_assistance(request.user):
        raise Http404("No such page")
    membership = vetted_membership(request.user)
    source = request.POST if request.method == "POST" else request.GET
    record = None
    if source.get("record") or source.get("pk"):
        record = redact(request.user, resolve_record(request.user, source.get("record", ""), source.get("pk", "")))
    initial = {}
    if record is not None:
        initial["subject"] = _("About: %(record)s") % {"record": record}
        owner_org = getattr(record, "owner_org_id", None)
        if owner_org and owner_org != membership.organisation_id:
            initial["organisation"] = owner_org
    form = NewRequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            thread = assistance_request_create(
                actor=request.user,
                recipient_org=form.cleaned_data["organisation"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                record=record,
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Your request was sent."))
            return HttpResponseRedirect(thread.get_absolute_url())
    return render(
        request,
        "assistance/request_form.html",
        {"form": form, "record": record, "record_label": record._meta.label if record is not None else ""},
    )


@login_required
def request_detail(request, pk: int):
    thread = get_request_or_404(request.user, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assistance_message_add(actor=request.user, thread=thread, body=form.cleaned_data["body"])
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("Your message was sent."))
            return HttpResponseRedirect(thread.get_absolute_url())
    record = record_of(thread, request.user)
    side = side_of(request.user, thread)
    return render(
        request,
        "assistance/request_detail.html",
        {
            "thread": thread,
            "thread_messages": list(thread.messages.select_related("author", "author_org")),
            "form": form,
            "record": record,
            "has_record": thread.record_type_id is not None,
            "side": side,
            "is_recipient": side == RECIPIENT,
            "is_sender": side == SENDER,
            "can_share": can_share_from_thread(request.user, thread, record),
            "closed": thread.status == RequestStatus.CLOSED,
        },
    )


@login_required
@require_POST
def request_status(request, pk: int):
    thread = get_request_or_404(request.user, pk)
    try:
        assistance_status_set(actor=request.user, thread=thread, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(thread.get_absolute_url())


@login_required
@require_POST
def request_share(request, pk: int):
    thread = get_request_or_404(request.user, pk)
    try:
        assistance_share(actor=request.user, thread=thread)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The record is now shared with %(user)s.") % {"user": thread.sender})
    return HttpResponseRedirect(reverse("assistance:request-detail", args=[thread.pk]))

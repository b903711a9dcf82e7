"""The audit log: portal admins see all of it, organisation admins their own organisation's; filters and CSV."""

import json
from datetime import datetime, time

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.audit.models import AuditEvent
from portal.audit.services import audit
from portal.orgs.models import Membership, Organisation, Role
from portal.spreadsheets import SafeCsvWriter

EXPORT_CAP = 100_000


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=gettext_lazy("Action"), required=False, max_length=60)
    actor = forms.CharField(label=gettext_lazy("Actor e-mail"), required=False, max_length=254)
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.approved(), required=False
    )

    def __init__(self, *args, portal_admin: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not portal_admin:
            del self.fields["organisation"]


def scoped_events(user):
    """Every event for a portal admin; for an organisation admin, their organisation's; otherwise refused."""
    if user.is_active and (user.is_superuser or user.is_staff):
        return AuditEvent.objects.all(), True
    membership = Membership.objects.filter(user_id=user.pk, vetted=True, role=Role.ADMIN).first()
    if membership is None:
        raise PermissionDenied(_("Only admins see the audit log."))
    return AuditEvent.objects.filter(organisation_id=membership.organisation_id), False


def _filtered(request):
    events, portal_admin = scoped_events(request.user)
    form = AuditFilterForm(request.GET or None, portal_admin=portal_admin)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action__startswith=data["action"].strip())
        if data["actor"]:
            events = events.filter(actor__email__iexact=data["actor"].strip())
        if data["date_from"]:
            events = events.filter(at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min)))
        if data["date_to"]:
            events = events.filter(at__lte=timezone.make_aware(datetime.combine(data["date_to"], time.max)))
        if data.get("organisation"):
            events = events.filter(organisation=data["organisation"])
    return form, events.select_related("actor", "organisation")


@login_required
def audit_log(request):
    form, events = _filtered(request)
    status = 400 if form.is_bound and not form.is_valid() else 200
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}, status=status
    )


class _Echo:
    def write(self, value):
        return value


@login_required
def audit_export(request):
    form, events = _filtered(request)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/audit_log.html", {"form": form, "page": None, "query": ""}, status=400)
    audit(actor=request.user, action="audit.export", detail={"filters": request.GET.dict()})
    writer = SafeCsvWriter(_Echo())

    def rows():
        yield writer.writerow(["at", "actor", "organisation", "action", "object_type", "object_id", "ip", "detail"])
        for e in events[:EXPORT_CAP].iterator(chunk_size=2000):
            values = [
                e.at.isoformat(),
                e.actor.email if e.actor else "",
                e.organisation.name if e.organisation else "",
                e.action,
                e.object_type,
                e.object_id,
                e.ip or "",
                json.dumps(e.detail, ensure_ascii=False),
            ]
            yield writer.writerow(values)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response

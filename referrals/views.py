"""Pages: referrals (the referring organisation's view), the platform's queue, volunteer reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import Advert
from portal.access.policy import (
    can,
    can_change,
    can_contribute,
    can_share,
    get_visible_or_404,
    redact,
    vetted_membership,
)
from portal.access.views import PolicyListView
from portal.audit.services import audit_view
from portal.files.downloads import private_download
from referrals import services
from referrals.forms import (
    AnswerForm,
    LinkAdvertForm,
    ReferralCreateForm,
    ReferralFieldsForm,
    ReportAdvertForm,
    ReportForm,
    TriageForm,
)
from referrals.models import Referral, ReferralState, RequestedAction, VolunteerReport
from referrals.selectors import known_adverts, queue_row_or_none, referral_queue_for, report_list


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ReferralListView(PolicyListView):
    model = Referral
    template_name = "referrals/referral_list.html"
    select_related = ("owner_org", "platform")
    ordering = ("-sent_at", "-id")


@login_required
def referral_detail(request, pk):
    referral = get_visible_or_404(Referral.objects.select_related("platform", "owner_org"), request.user, pk=pk)
    editable = can_change(request.user, referral)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("You may not change this referral."))
        services.referral_mark_relisted(actor=request.user, referral=referral, note=request.POST.get("note", "")[:2000])
        messages.success(request, _("Marked as relisted."))
        return HttpResponseRedirect(referral.get_absolute_url())
    audit_view(request, referral)
    advert = None
    if referral.advert_id:
        advert = Advert.objects.visible_to(request.user).filter(pk=referral.advert_id).first()
    context = {
        "referral": referral,
        "advert": advert,
        "history": referral.history.all(),
        "can_change": editable,
        "can_share": can_share(request.user, referral),
    }
    return render(request, "referrals/referral_detail.html", context)


@login_required
def referral_create(request):
    if not can_contribute(request.user):
        raise PermissionDenied(_("Only contributors and admins can refer adverts."))
    initial = {"adverts": request.GET.getlist("advert")}
    form = ReferralCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("reason", "legal_basis", "requested_action", "tlp")}
        try:
            created = services.referral_create(actor=request.user, adverts=form.cleaned_data["adverts"], data=data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("%(n)s referral(s) sent.") % {"n": len(created)})
            target = created[0].get_absolute_url() if len(created) == 1 else reverse("referrals:list")
            return HttpResponseRedirect(target)
    status = 400 if form.errors else 200
    return render(request, "referrals/referral_form.html", {"form": form}, status=status)


@login_required
def queue(request):
    """The platform's queue: only what a platform needs to act, never the case or the advert's content."""
    page = Paginator(referral_queue_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "referrals/queue.html", {"page": page, "rows": [_labelled(row) for row in page]})


def _labelled(row: dict) -> dict:
    """A queue row with readable labels for its coded values."""
    return {
        **row,
        "requested_action_label": RequestedAction(row["requested_action"]).label,
        "state_label": ReferralState(row["state"]).label,
    }


@login_required
def queue_answer(request, pk):
    row = queue_row_or_none(request.user, pk)
    if row is None:
        raise Http404("No such record")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_answer(actor=request.user, pk=pk, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Answer recorded."))
            return HttpResponseRedirect(reverse("referrals:queue"))
    status = 400 if form.errors else 200
    return render(request, "referrals/queue_answer.html", {"row": _labelled(row), "form": form}, status=status)


class ReportListView(PolicyListView):
    """The triage queue: reports of the viewer's scheme and those shared with them; a volunteer's own."""

    model = VolunteerReport
    template_name = "referrals/report_list.html"

    def get_queryset(self):
        return report_list(viewer=self.request.user, filters={"status": self.request.GET.get("status")})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = [redact(self.request.user, obj) for obj in context["object_list"]]
        return context


def _report_or_404(request, pk):
    return get_visible_or_404(report_list(viewer=request.user).select_related("duplicate_of"), request.user, pk=pk)


@login_required
def report_detail(request, pk):
    report = _report_or_404(request, pk)
    triage = can(request.user, "triage", report)
    forms = {
        "triage": TriageForm(initial={"status": report.status}),
        "referral": ReferralFieldsForm(prefix="ref"),
        "advert": ReportAdvertForm(user=request.user, prefix="adv") if triage else None,
        "link": LinkAdvertForm(prefix="link"),
    }
    if request.method == "POST":
        if not triage:
            raise PermissionDenied(_("You may not triage this report."))
        action = request.POST.get("action")
        try:
            if action == "triage":
                forms["triage"] = form = TriageForm(request.POST)
                if form.is_valid():
                    services.report_triage(actor=request.user, report=report, **form.cleaned_data)
                    return HttpResponseRedirect(report.get_absolute_url())
            elif action == "referral":
                forms["referral"] = form = ReferralFieldsForm(request.POST, prefix="ref")
                if form.is_valid():
                    referral = services.report_to_referral(actor=request.user, report=report, data=form.cleaned_data)
                    return HttpResponseRedirect(referral.get_absolute_url())
            elif action == "link":
                forms["link"] = form = LinkAdvertForm(request.POST, prefix="link")
                if form.is_valid():
                    data = form.cleaned_data
                    services.report_link_advert(
                        actor=request.user, report=report, advert_id=data["advert"], note=data["note"]
                    )
                    messages.success(request, _("Linked to the known advert."))
                    return HttpResponseRedirect(report.get_absolute_url())
            elif action == "advert":
                forms["advert"] = form = ReportAdvertForm(request.POST, user=request.user, prefix="adv")
                if form.is_valid():
                    advert = services.report_to_advert(actor=request.user, report=report, **form.cleaned_data)
                    return HttpResponseRedirect(advert.get_absolute_url())
            else:
                return render(
                    request,
                    "referrals/report_detail.html",
                    {"report": report, "forms": forms, "can_triage": triage, "bad_action": True},
                    status=400,
                )
        except ValidationError as error:
            _errors_to_form(form, error)
        report = _report_or_404(request, pk)
        status = 400
    else:
        audit_view(request, report)
        status = 200
    context = {
        "report": redact(request.user, report),
        "forms": forms,
        "can_triage": triage,
        "can_share": can_share(request.user, report),
        # Through the policy: a report may point at an advert this viewer may not see.
        "linked_advert": Advert.objects.visible_to(request.user).filter(pk=report.advert_id).first()
        if report.advert_id
        else None,
        "known_adverts": known_adverts(viewer=request.user, report=report) if triage else [],
    }
    return render(request, "referrals/report_detail.html", context, status=status)


@login_required
def report_screenshot(request, pk):
    report = _report_or_404(request, pk)
    if not report.screenshot:
        raise Http404("No screenshot")
    # Shown inline in the report's page, named by the report's number (the volunteer's file name is not kept).
    return private_download(
        report.screenshot,
        actor=request.user,
        audit_action="report.screenshot",
        audit_obj=report,
        filename=f"report-{report.pk}",
        content_type=report.screenshot_type,
        as_attachment=False,
    )


@login_required
def report_create(request):
    form = ReportForm(request.POST or None, request.FILES or None)
    membership = vetted_membership(request.user)
    if membership is None:
        raise PermissionDenied(_("Only vetted members can submit reports."))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("url", "platform", "listing_id", "text")}
        try:
            report = services.report_submit(actor=request.user, data=data, upload=form.cleaned_data.get("screenshot"))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            if report.duplicate_of_id:
                messages.info(request, _("Thank you. This advert was already reported; we linked the two."))
            else:
                messages.success(request, _("Thank you for your report."))
            return HttpResponseRedirect(report.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "referrals/report_form.html", {"form": form}, status=status)

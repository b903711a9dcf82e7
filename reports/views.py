"""Report pages: Party reports (through the policy), PDF builds, the compilation, statistics and usage."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.access.models import TLP, most_restricted_tlp
from portal.access.policy import can_change, get_visible_or_404, vetted_membership
from portal.access.views import PolicyCreateView, PolicyDetailView, PolicyListView, PolicyUpdateView
from portal.audit.services import audit
from portal.files.downloads import private_download
from portal.orgs.models import party_of
from reports import aitr, builders, takedown, usage
from reports.content import Collected, Filters, case_statistics, party_documents, prefill_text, takedown_metrics
from reports.forms import CompilationForm, PartyReportForm, StatisticsFilterForm, TradeReportForm
from reports.models import NARRATIVE_SECTIONS, BuildKind, PartyReport, ReportBuild
from reports.services import build_request, report_create, report_party, report_submit, report_update

# Files up to this size are sent in one piece; larger ones stream from storage.
INLINE_DOWNLOAD_BYTES = 10 * 1024 * 1024


class PartyReportListView(PolicyListView):
    model = PartyReport
    template_name = "reports/party_list.html"
    select_related = ("owner_org", "party")


class PartyReportCreateView(PolicyCreateView):
    model = PartyReport
    form_class = PartyReportForm
    template_name = "reports/party_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["party"] = party_of(getattr(vetted_membership(self.request.user), "organisation", None))
        return context

    def form_valid(self, form):
        data, spaces = form.shareable_data()
        try:
            party = report_party(self.request.user)
        except ValidationError as error:
            return self._apply_validation_error(form, error)
        # Prefill the narrative from the Party's documents the author may see, at or below the chosen TLP.
        filters = Filters(start=data["period_start"], end=data["period_end"], max_tlp=data["tlp"], released=True)
        documents = party_documents(self.request.user, party, filters, Collected())
        for name, _heading in NARRATIVE_SECTIONS:
            data[name] = prefill_text(documents[name])
        try:
            self.object = report_create(actor=self.request.user, data=data, spaces=spaces)
        except ValidationError as error:
            return self._apply_validation_error(form, error)
        messages.success(self.request, _("Draft created from your Party's documents: edit the narrative."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class PartyReportDetailView(PolicyDetailView):
    model = PartyReport
    template_name = "reports/party_detail.html"
    select_related = ("owner_org", "party")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context["versions"] = report.versions.select_related("author")[:20]
        context["builds"] = report.builds.all()[:10]
        # The live preview is computed from the author's view, so only editors of the owner organisation see it
        # (not named co-editors); other readers get the narrative and the built PDF, released at the report's TLP.
        if self.can_share:
            context["preview"] = builders.party_report_context(report, report.author or self.request.user)
        return context


class PartyReportUpdateView(PolicyUpdateView):
    model = PartyReport
    form_class = PartyReportForm
    template_name = "reports/party_form.html"

    def update_record(self, data, spaces, expected_version):
        return report_update(
            actor=self.request.user,
            report=self.object,
            data=data,
            spaces=spaces,
            expected_version=expected_version,
        )

    def form_valid(self, form):
        # A submitted report is frozen: say so in the form rather than with a bare 403.
        try:
            return super().form_valid(form)
        except PermissionDenied as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)


def _editable_report(request, pk):
    report = get_visible_or_404(PartyReport.objects.select_related("party", "owner_org"), request.user, pk=pk)
    if not can_change(request.user, report):
        raise PermissionDenied(_("You may view this report but not change it."))
    return report


@login_required
@require_http_methods(["GET", "POST"])
def party_submit(request, pk):
    report = _editable_report(request, pk)
    errors = []
    if request.method == "POST":
        try:
            report_submit(actor=request.user, report=report)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Submitted to the Secretariat."))
            return HttpResponseRedirect(report.get_absolute_url())
    return render(
        request, "reports/party_submit.html", {"object": report, "errors": errors}, status=400 if errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_build(request, pk):
    report = _editable_report(request, pk)
    if request.method == "POST":
        build = build_request(actor=request.user, kind=BuildKind.PARTY, report=report)
        return HttpResponseRedirect(_build_status_url(build))
    return render(request, "reports/party_build.html", {"object": report, "builds": report.builds.all()[:20]})


def _build_status_url(build):

    return reverse("reports:build-status", args=[build.pk])


def _visible_build(request, build_pk) -> ReportBuild:
    """A Party report's build follows the report's visibility; a compilation belongs to whoever asked for it."""
    build = ReportBuild.objects.filter(pk=build_pk).select_related("report").first()
    if build is None:
        raise Http404("No such build")
    if build.kind == BuildKind.PARTY:
        get_visible_or_404(PartyReport, request.user, pk=build.report_id)
    elif build.requested_by_id != request.user.pk or vetted_membership(request.user) is None:
        raise Http404("No such build")
    return build


@login_required
def build_status(request, pk):
    build = _visible_build(request, pk)
    template = "reports/build_status.html#status" if request.htmx else "reports/build_status.html"
    return render(request, template, {"build": build})


@login_required
def build_download(request, pk):
    build = _visible_build(request, pk)
    if not build.file:
        raise Http404("Not built yet")
    return private_download(
        build.file,
        actor=request.user,
        audit_action="report.download",
        audit_obj=build.report,
        audit_detail={"build": build.pk, "kind": build.kind, "tlp": build.tlp},
        filename=f"{build.kind}-{build.pk}-TLP-{(build.tlp or 'clear').upper()}.pdf",
        content_type="application/pdf",
        whole_up_to=INLINE_DOWNLOAD_BYTES,
    )


@login_required
def takedown_page(request):
    """Takedown metrics per platform and month, from the referrals the viewer may count (reports.takedown)."""
    return render(request, "reports/takedown_metrics.html", takedown.platform_metrics(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def compilation(request):
    if vetted_membership(request.user) is None:
        raise Http404("No such page")
    form = CompilationForm(request.POST or request.GET or None)
    reports = []
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if request.method == "POST":
            build = build_request(
                actor=request.user,
                kind=BuildKind.COMPILATION,
                params={"start": start.isoformat(), "end": end.isoformat()},
            )
            return HttpResponseRedirect(_build_status_url(build))
        reports = (
            PartyReport.objects.visible_to(request.user)
            .filter(period_start__lte=end, period_end__gte=start)
            .select_related("party", "owner_org")
            .order_by("party__name", "title")
        )
    builds = ReportBuild.objects.filter(kind=BuildKind.COMPILATION, requested_by=request.user)[:10]
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "reports/compilation.html", {"form": form, "reports": reports, "builds": builds}, status=status
    )


def _statistics_filters(request):
    form = StatisticsFilterForm(request.GET or None)
    filters = Filters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = Filters(start=data["start"], end=data["end"], country=data["country"], max_tlp=data["tlp"] or TLP.RED)
    return form, filters


@login_required
def statistics(request):
    """Aggregate counts only, over what the user may see; each chart has its table and a CSV download."""
    form, filters = _statistics_filters(request)
    context = {"form": form}
    if not form.errors:
        context["statistics"] = case_statistics(request.user, filters)
        context["takedown"] = takedown_metrics(request.user, filters)
    return render(request, "reports/statistics.html", context, status=400 if form.errors else 200)


@login_required
def statistics_csv(request, name):
    form, filters = _statistics_filters(request)
    if form.errors:
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    charts = list(case_statistics(request.user, filters)["charts"])
    takedown = takedown_metrics(request.user, filters)
    if takedown:
        charts.append(takedown["chart"])
    chart = next((c for c in charts if c.name == name), None)
    if chart is None:
        raise Http404("No such chart")
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{datetime.date.today():%Y%m%d}.csv"'
    return response


@login_required
def usage_page(request):
    """Action Plan 1.d: uploads, views and active organisations per sector per month, from the audit log."""
    if not request.user.is_staff:
        raise Http404("No such page")
    context = {
        "usage": usage.usage_by_month(),
        "removal": usage.removal_times(),
        "quiet": usage.quiet_spaces(),
        "quiet_days": usage.QUIET_DAYS,
    }
    return render(request, "reports/usage.html", context)


@login_required
def trade_report(request):
    """Annual illegal trade report rows of a Party's seizures that the user may see, as CSV or XLSX; audited."""
    if vetted_membership(request.user) is None:
        raise Http404("No such page")
    form = TradeReportForm(request.GET or None)
    if not form.is_bound or not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(request, "reports/trade_report.html", {"form": form}, status=status)
    party, year, fmt = form.cleaned_data["party"], form.cleaned_data["year"], form.cleaned_data["format"]
    max_tlp = form.cleaned_data["max_tlp"]
    parties = [party] if party else aitr.consenting_parties(request.user, year)
    marked = [row for each in parties for row in aitr.seizure_rows(request.user, each, year, max_tlp)]
    tlp = most_restricted_tlp(row_tlp for row_tlp, _cells in marked)
    rows = [cells for _tlp, cells in marked]
    codes = [each.code for each in parties]
    audit(
        actor=request.user,
        action="reports.aitr_export",

        detail={"party": party.code if party else "consenting", "parties": codes, "year": year, "rows": len(rows),
                "format": fmt, "tlp": tlp, "max_tlp": max_tlp},
    )  # fmt: skip
    name = f"illegal-trade-report-{party.code if party else 'ICCWC'}-{year or 'all'}"
    if fmt == "xlsx":
        response = HttpResponse(
            aitr.as_xlsx(rows, tlp), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
    else:
        response = HttpResponse(aitr.as_csv(rows, tlp), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv")
    response["X-TLP"] = TLP(tlp).label
    response["Cache-Control"] = "private, no-store"
    return response

"""Adverts added in bulk: an uploaded file of monitoring results (checked row by row before anything is
written, then imported as a task) and the texts ticked on the lexicon's scan page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import imports
from cases.forms import AdvertImportForm, CaseTargetForm, ScannedRowFormSet
from cases.models import AdvertImport, Case
from cases.services import adverts_from_scan as create_adverts
from cases.tasks import commit_import
from portal.access.policy import can_contribute


@login_required
def import_template(request, fmt):
    """The empty import template with its columns and one example row (no shared record)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such template")
    if fmt == "csv":
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            imports.template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = content_disposition_header(True, f"adverts-template.{fmt}")
    return response


@login_required
def import_start(request):
    """Upload a file: it is stored and every row checked (a dry run) before anything is written."""
    if not can_contribute(request.user):
        raise PermissionDenied(_("Only contributors and admins can import adverts."))
    form = AdvertImportForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                obj = imports.upload(
                    actor=request.user, uploaded=form.cleaned_data["file"], case=form.cleaned_data["case"],
                    new_case_title=form.cleaned_data["new_case_title"].strip(),
                )  # fmt: skip
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return HttpResponseRedirect(obj.get_absolute_url())
        status = 400
    recent = AdvertImport.objects.filter(uploaded_by=request.user).select_related("case")[:10]
    return render(
        request, "cases/import_form.html", {"form": form, "recent": recent, "columns": imports.COLUMNS}, status=status
    )


def _own_import(request, pk):
    try:
        return AdvertImport.objects.select_related("case").get(pk=pk, uploaded_by=request.user)
    except AdvertImport.DoesNotExist:
        raise Http404("No such import") from None


def _import_page(request, obj, error=None, status=200):
    preview = []
    if obj.status == "previewed" and not obj.errors and error is None:
        try:
            _header, rows = imports.read_rows(imports.stored_content(obj), obj.file_format)
            preview = [[number, *(row.get(name, "") for name in imports.COLUMN_NAMES)] for number, row in rows[:10]]
        except imports.ImportFileError as problem:
            error = str(problem)
            status = 400 if status == 200 else status
    case = Case.objects.visible_to(request.user).filter(pk=obj.case_id).first() if obj.case_id else None
    context = {
        "object": obj,
        "case": case,
        "error": error,
        "preview": preview,
        "columns": imports.COLUMN_NAMES,
        "polling": obj.status == "running",
    }
    if request.htmx:
        return render(request, "cases/import_detail.html#status", context, status=status)
    return render(request, "cases/import_detail.html", context, status=status)


@login_required
def import_detail(request, pk):
    """The preview of an upload (row errors, first rows) and, once committed, its progress and result."""
    return _import_page(request, _own_import(request, pk))


@login_required
def import_commit(request, pk):
    """Import every row of a checked upload, in one transaction, as a task; refused if any row is bad."""
    obj = _own_import(request, pk)
    if request.method != "POST":
        return HttpResponseRedirect(obj.get_absolute_url())
    try:
        obj = imports.start_commit(actor=request.user, obj=obj, enqueue=commit_import.enqueue)
    except imports.ImportFileError as error:
        return _import_page(request, obj, error=str(error), status=400)
    except ValidationError as error:
        return _import_page(request, obj, error=" ".join(error.messages), status=400)
    if obj.status == "done":
        messages.success(request, _("%(n)s adverts imported.") % {"n": obj.done_rows})
    return HttpResponseRedirect(obj.get_absolute_url())


@login_required
@require_POST
def adverts_from_scan(request):
    """Texts ticked on the lexicon's scan page: confirm the case (or a new one), then they become its adverts."""

    if not can_contribute(request.user):
        raise PermissionDenied(_("Only contributors and admins can add adverts."))
    rows = ScannedRowFormSet(request.POST, prefix="rows")
    confirming = "confirm" in request.POST
    target = CaseTargetForm(request.POST if confirming else None, user=request.user)
    picked = [form.cleaned_data for form in rows if form.cleaned_data.get("pick")] if rows.is_valid() else []
    problem = None
    if not rows.is_valid():
        problem = _("Some texts could not be read; scan them again.")
    elif not picked:
        problem = _("Tick at least one text to add.")
    elif confirming and target.is_valid():
        try:
            case, adverts = create_adverts(
                actor=request.user, rows=picked, case=target.cleaned_data["case"],
                new_case_title=target.cleaned_data["new_case_title"],
            )  # fmt: skip
        except ValidationError as error:
            target.add_error(None, error.messages)
        else:
            messages.success(request, _("%(n)d adverts added.") % {"n": len(adverts)})
            return HttpResponseRedirect(case.get_absolute_url())
    context = {"rows": picked, "row_errors": rows.errors if not rows.is_valid() else [], "form": target}
    context["problem"] = problem
    status = 400 if problem or target.is_bound else 200
    return render(request, "cases/from_scan.html", context, status=status)

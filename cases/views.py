"""Case pages: list with filters, detail with each kind of record, create and edit with inline adverts and
seizures, pages of each record, evidence download, exports and blind deconfliction; all through the policy."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from cases import deconfliction, exports
from cases.forms import (
    AdvertForm,
    AdvertFormSet,
    CaseFilterForm,
    CaseForm,
    DeconflictForm,
    EvidenceForm,
    PersonForm,
    ProsecutionForm,
    SeizureForm,
    SeizureFormSet,
    SpeciesFormSet,
    species_initial,
)
from cases.import_views import (  # noqa: F401 (routed as views.* by cases/urls.py)
    adverts_from_scan,
    import_commit,
    import_detail,
    import_start,
    import_template,
)
from cases.models import Advert, Case, Evidence, Person, Prosecution, Seizure
from cases.selectors import attach_platform_names, case_children, case_list
from cases.services import case_save, child_create, child_update, evidence_add
from lexicon.models import CodeWord
from portal.access.policy import can, can_change, can_contribute, get_visible_or_404, redact
from portal.access.services import EditConflict
from portal.access.views import PolicyDetailView, PolicyListView, ShareableFormMixin
from portal.files.downloads import private_download
from portal.filters import filters_refused

CONFLICT = _(
    "Someone else saved this record (now version %(v)s) while you were editing. Your changes are still in the "
    "form below: compare them with the current record, then save again."
)


def _new_rows(formset) -> list[dict]:
    """The inline forms that were filled in: each a new record of the case."""
    return [sub.cleaned_data for sub in formset if sub.has_changed() and sub.cleaned_data]


def _form_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


LIST_COLUMNS = (
    "id", "reference", "title", "status", "distribution", "tlp", "pap", "date_detected", "created_at",
    "owner_org__name", "owner_org__acronym",
)  # fmt: skip


class CaseListView(PolicyListView):
    model = Case
    template_name = "cases/case_list.html"

    # Beyond a thousand visible cases the page says "1,000+": counting further costs more than the page itself.
    count_cap = 1_000

    def get_queryset(self):
        self.filter_form = CaseFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        # Only the columns the table shows: no summary text, country lists or modus operandi for 50 rows.
        qs = case_list(viewer=self.request.user, filters=filters)
        return qs.select_related(None).select_related("owner_org").prefetch_related(None).only(*LIST_COLUMNS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        attach_platform_names(context["object_list"])
        context.update(
            filter_form=self.filter_form,
            query=query.urlencode(),
            may_deconflict=deconfliction.may_deconflict(self.request.user),
        )
        return context


class CaseDetailView(PolicyDetailView):
    model = Case
    template_name = "cases/case_detail.html"
    select_related = ("owner_org", "lead_org")

    def get_context_data(self, **kwargs):

        context = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        context["children"] = case_children(viewer=user, case=case)
        context["species"] = case.species.select_related("taxon", "term_code", "unit")
        context["history"] = case.status_history.select_related("actor")
        # Who moved the case on is for its owner and the sectors that may see personal data, not for a platform.
        context["show_actors"] = can(user, "view_actors", case)
        context["code_words"] = CodeWord.objects.visible_to(user).filter(pk__in=case.code_words.values("pk"))
        context["related_cases"] = Case.objects.visible_to(user).filter(pk__in=case.related_cases.values("pk"))
        context["platforms"] = case.platforms.all()
        return context


class RecordFormView(ShareableFormMixin, TemplateView):
    """A form page of a case or of one of its records: the forms are validated here and written by one service
    call (save); an edit conflict answers 409 with the current version in the form, a refusal 400.

    Subclasses give check_access(**kwargs) (sets the records of the page; PermissionDenied or Http404),
    get_forms() (the forms by their template name, the main one "form"), render_forms(forms, status) and save(forms).
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_access(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    @property
    def posted(self):
        return self.request.POST if self.request.method == "POST" else None

    def get(self, request, *args, **kwargs):
        return self.render_forms(self.get_forms())

    def post(self, request, *args, **kwargs):
        forms = self.get_forms()
        valid = [form.is_valid() for form in forms.values()]  # every form, so that each shows its errors
        if not all(valid):
            return self.render_forms(forms, status=400)
        form = forms["form"]
        try:
            obj = self.save(forms)
        except EditConflict as conflict:
            form.add_error(None, CONFLICT % {"v": conflict.current.version})
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
            return self.render_forms(forms, status=409)
        except ValidationError as error:
            _form_errors(form, error)
            return self.render_forms(forms, status=400)
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(obj.get_absolute_url())


class CaseFormView(RecordFormView):
    """Create or edit a case with new adverts and seizures typed inline (they take the case's marking)."""

    template_name = "cases/case_form.html"
    case = None

    def check_access(self, **kwargs):
        if "pk" in kwargs:
            self.case = get_visible_or_404(Case, self.request.user, pk=kwargs["pk"])
            if not can_change(self.request.user, self.case):
                raise PermissionDenied(_("You may view this case but not change it."))
        elif not can_contribute(self.request.user):
            raise PermissionDenied(_("Only contributors and admins can open cases."))

    def get_forms(self):
        data = self.posted
        return {
            "form": CaseForm(data, instance=self.case, user=self.request.user),
            "species_formset": SpeciesFormSet(data, prefix="species", initial=species_initial(self.case)),
            "advert_formset": AdvertFormSet(data, prefix="adverts"),
            "seizure_formset": SeizureFormSet(data, prefix="seizures"),
        }

    def render_forms(self, forms, status=200):
        return self.render_to_response({**forms, "object": self.case}, status=status)

    def save(self, forms):
        form = forms["form"]
        data, spaces = form.shareable_data()
        data["modus_operandi"] = form.cleaned_data.get("modus_operandi") or []
        return case_save(
            actor=self.request.user, case=self.case, data=data, spaces=spaces, m2m=form.m2m_data(),
            species=forms["species_formset"].rows(),
            expected_version=form.cleaned_data["version"] if self.case else None,
            adverts=_new_rows(forms["advert_formset"]), seizures=_new_rows(forms["seizure_formset"]),
        )  # fmt: skip


CHILD_FORMS = {
    Advert: AdvertForm,
    Seizure: SeizureForm,
    Person: PersonForm,
    Prosecution: ProsecutionForm,
    Evidence: EvidenceForm,
}


class ChildDetailView(PolicyDetailView):
    """One record of a case; the case is named only if the viewer may see it."""

    template_name = "cases/child_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["case"] = Case.objects.visible_to(self.request.user).filter(pk=obj.case_id).first()
        context["fields"] = [
            (f.verbose_name, _display(obj, f))
            for f in obj._meta.fields
            if f.name in CHILD_FORMS[type(obj)]._meta.fields and f.name not in ("distribution", "tlp", "pap")
        ]
        context["model_name"] = obj._meta.model_name
        context["label"] = obj._meta.label_lower
        if isinstance(obj, Prosecution):
            context["defendants"] = [
                redact(self.request.user, p)
                for p in Person.objects.visible_to(self.request.user).filter(prosecutions=obj)
            ]
        return context


def _display(obj, field):
    value = getattr(obj, field.name)
    if getattr(obj, "_redacted", False) and field.name in obj.personal_fields:
        return value
    if hasattr(value, "name") and hasattr(value, "code"):  # a django-countries Country
        return value.name
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field.choices and field.flatchoices:
        return getattr(obj, f"get_{field.name}_display")()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value)
    return "–" if value in (None, "") else value


class ChildFormView(RecordFormView):
    """Add a record to a case, or edit one; the marking may be narrower than the case's, never wider."""

    template_name = "cases/child_form.html"
    model = None

    def check_access(self, **kwargs):
        user, self.object = self.request.user, None
        if "case_pk" in kwargs:
            self.case = target = get_visible_or_404(Case, user, pk=kwargs["case_pk"])
        else:
            self.object = target = get_visible_or_404(self.model, user, pk=kwargs["pk"])
            self.case = get_visible_or_404(Case, user, pk=self.object.case_id)
        if not can_change(user, target):
            raise PermissionDenied(_("You may view this record but not change it."))

    def get_forms(self):
        files = self.request.FILES if self.request.method == "POST" else None
        form_class = CHILD_FORMS[self.model]
        return {"form": form_class(self.posted, files, instance=self.object, user=self.request.user, case=self.case)}

    def render_forms(self, forms, status=200):
        context = {**forms, "object": self.object, "case": self.case, "verbose_name": self.model._meta.verbose_name}
        return self.render_to_response(context, status=status)

    def save(self, forms):
        form, actor = forms["form"], self.request.user
        data, spaces = form.shareable_data()
        if self.object is None and self.model is Evidence:
            upload = form.cleaned_data["upload"]
            return evidence_add(actor=actor, case=self.case, data=data, spaces=spaces, upload=upload)
        if self.object is None:
            return child_create(
                actor=actor, model=self.model, case=self.case, data=data, spaces=spaces, m2m=form.m2m_data()
            )
        return child_update(
            actor=actor, obj=self.object, data=data, spaces=spaces, m2m=form.m2m_data(),
            expected_version=form.cleaned_data["version"],
        )  # fmt: skip


@login_required
def evidence_download(request, pk):
    """The file of one evidence record, only through the policy, audited; never a public URL."""
    evidence = get_visible_or_404(Evidence, request.user, pk=pk)
    return private_download(
        evidence.file,
        actor=request.user,
        audit_action="evidence.download",
        audit_obj=evidence,
        audit_detail={"sha256": evidence.sha256},
        filename=evidence.name,
        content_type=evidence.content_type,
    )


def _export(request, build):
    """The list's filters; a bad one is refused, never dropped (the export would hold every case instead)."""
    form = CaseFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return filters_refused(form)
    cases = case_list(viewer=request.user, filters=form.cleaned_data if form.is_bound else {})
    return build(cases, user=request.user, query=request.GET.urlencode())


def export_csv(request):
    return _export(request, exports.cases_csv)


def export_xlsx(request):
    """The case list as XLSX, with a second sheet of the visible adverts of those cases (redacted)."""
    return _export(request, exports.cases_xlsx)


@login_required
def deconflict(request):
    """Does anyone hold this identifier? Names organisations only, never a record; audited and rate-limited."""
    if not deconfliction.may_deconflict(request.user):
        deconfliction.refuse(actor=request.user)
    form = DeconflictForm(request.POST or None)
    result = None
    status = 200
    if request.method == "POST" and "contact" in request.POST:
        try:
            sent = deconfliction.contact_request(actor=request.user, data=request.POST)
        except deconfliction.RateLimited as error:
            return render(request, "cases/deconflict.html", {"form": form, "error": str(error)}, status=429)
        except ValidationError as error:
            return render(
                request, "cases/deconflict.html", {"form": form, "error": " ".join(error.messages)}, status=400
            )
        messages.success(request, _("Your contact request was sent to %(n)s single point(s) of contact.") % {"n": sent})
        return HttpResponseRedirect(request.path)
    if request.method == "POST":
        if form.is_valid():
            try:
                result = deconfliction.who_holds(
                    actor=request.user, kind=form.cleaned_data["kind"],
                    raw=form.cleaned_data["value"], region=form.cleaned_data["region"],
                )  # fmt: skip
            except deconfliction.RateLimited as error:
                return render(request, "cases/deconflict.html", {"form": form, "error": str(error)}, status=429)
            except ValidationError as error:
                _form_errors(form, error)
                status = 400
        else:
            status = 400
    return render(
        request, "cases/deconflict.html", {"form": form, "result": result, "settings": settings}, status=status
    )

"""Library pages: list with filters, detail, upload, edit, new version, and the one attachment download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _

from portal.access.policy import can_change, get_visible_or_404
from portal.access.views import PolicyCreateView, PolicyDetailView, PolicyListView, PolicyUpdateView
from portal.assistance.selectors import may_request_assistance, request_create_url
from portal.files.downloads import private_download
from portal.library.forms import DocumentFilterForm, DocumentForm, MatrixEntryForm
from portal.library.models import MATRIX_QUESTIONS, Document, LegislationEntry
from portal.library.rendering import render_markdown
from portal.library.services import (
    can_keep_matrix,
    current_versions,
    document_create,
    matrix_entry_create,
    version_history,
)


class DocumentListView(PolicyListView):
    model = Document
    template_name = "library/document_list.html"

    def get_queryset(self):
        qs = super().get_queryset()
        self.filter_form = DocumentFilterForm(self.request.GET or None)
        if self.filter_form.is_bound and not self.filter_form.is_valid():
            return qs.none()
        if not (self.filter_form.is_bound and self.filter_form.cleaned_data.get("versions") == "all"):
            qs = current_versions(qs, self.request.user)
        return self.filter_form.filter(qs) if self.filter_form.is_bound else qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class DocumentDetailView(PolicyDetailView):
    model = Document
    template_name = "library/document_detail.html"

    def get_context_data(self, **kwargs):
        doc = self.object
        user = self.request.user
        visible = Document.objects.visible_to(user)
        return super().get_context_data(
            body_html=render_markdown(doc.body),
            attachments=list(doc.attachments.all()),
            translations=list(visible.filter(translations=doc).order_by("language", "title")),
            versions=version_history(doc, user),
            newer=visible.filter(supersedes=doc).first(),
            assistance_url=request_create_url(doc) if may_request_assistance(user) else "",
            **kwargs,
        )


class DocumentFormMixin:
    form_class = DocumentForm
    template_name = "library/document_form.html"
    model = Document


class DocumentCreateView(DocumentFormMixin, PolicyCreateView):
    supersedes = None

    @transaction.atomic
    def form_valid(self, form):
        data, spaces = form.shareable_data()
        try:
            self.object = document_create(
                actor=self.request.user,
                data=data,
                spaces=spaces,
                files=form.cleaned_data["files"],
                translations=form.cleaned_data["translations"],
                supersedes=self.supersedes,
            )
        except ValidationError as error:
            return self._apply_validation_error(form, error)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class DocumentNewVersionView(DocumentCreateView):
    """A new version that supersedes a document the user may change; the old one stays readable."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        old = get_visible_or_404(Document, request.user, pk=kwargs["pk"])
        if not can_change(request.user, old):
            raise PermissionDenied(_("You may view this document but not issue a new version of it."))
        self.supersedes = old
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        old = self.supersedes
        fields = DocumentForm._meta.fields
        initial = {name: getattr(old, name) for name in fields if name != "spaces"}
        initial["spaces"] = list(old.spaces.all())
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(supersedes=self.supersedes, **kwargs)


class DocumentUpdateView(DocumentFormMixin, PolicyUpdateView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.request = self.request
        return form

    def form_valid(self, form):
        # The record, its translations and its new files are saved together or not at all.
        with transaction.atomic():
            return super().form_valid(form)


def attachment_download(request, pk: int, attachment_pk: int):
    """The only way to a file: the document must be visible to the user; every download is audited."""
    document = get_visible_or_404(Document, request.user, pk=pk)
    attachment = document.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404("No such file")
    return private_download(
        attachment.file,
        actor=request.user,
        audit_action="document.download",
        audit_obj=document,
        audit_detail={"attachment": attachment.pk, "sha256": attachment.sha256},
        filename=attachment.name,
        content_type=attachment.content_type,
    )


def _visible_source_ids(user, entries) -> set[int]:
    """Of the documents the entries cite, those the user can see: one query for a whole page."""
    ids = {getattr(entry, f"{name}_source_id") for entry in entries for name, _question in MATRIX_QUESTIONS} - {None}
    if not ids:
        return set()
    return set(Document.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


class MatrixListView(PolicyListView):
    """The comparison table: one row per visible entry, one column per question."""

    model = LegislationEntry
    template_name = "library/matrix_list.html"
    select_related = ("owner_org", "party")
    ordering = ("party__name", "-updated_at", "-id")

    def get_queryset(self):
        qs = super().get_queryset()
        party = self.request.GET.get("party", "").strip().upper()
        return qs.filter(party__code=party) if party else qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = _visible_source_ids(self.request.user, context["object_list"])
        context["rows"] = [(entry, entry.answers(visible)) for entry in context["object_list"]]
        context["questions"] = MATRIX_QUESTIONS
        context["can_keep_matrix"] = can_keep_matrix(self.request.user)
        return context


class MatrixDetailView(PolicyDetailView):
    model = LegislationEntry
    template_name = "library/matrix_detail.html"
    select_related = ("owner_org", "party")

    def get_context_data(self, **kwargs):
        visible = _visible_source_ids(self.request.user, [self.object])
        return super().get_context_data(answers=self.object.answers(visible), **kwargs)


class MatrixCreateView(PolicyCreateView):
    model = LegislationEntry
    form_class = MatrixEntryForm
    template_name = "library/matrix_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_keep_matrix(request.user):
            raise PermissionDenied(_("Only contributors of a CITES authority or an IGO keep the legislation matrix."))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data, spaces = form.shareable_data()
        try:
            self.object = matrix_entry_create(actor=self.request.user, data=data, spaces=spaces)
        except ValidationError as error:
            return self._apply_validation_error(form, error)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class MatrixUpdateView(PolicyUpdateView):
    model = LegislationEntry
    form_class = MatrixEntryForm
    template_name = "library/matrix_form.html"

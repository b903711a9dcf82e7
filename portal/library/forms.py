"""Library forms: documents (marking fields from ShareableForm), files checked by content, list filters."""

from django import forms
from django.conf import settings
from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.access.forms import ShareableForm
from portal.files.uploads import accept_upload
from portal.library.models import MATRIX_QUESTIONS, Document, DocumentKind, LegislationEntry
from portal.library.services import attachment_add, document_set_translations
from portal.orgs.models import CitesParty


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked by content, each refusal naming its file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is refused by accept_upload, with a message that names it.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        errors, cleaned = [], []
        for upload in uploads:
            try:
                upload = super().clean(upload, initial)
                accept_upload(upload=upload, max_bytes=settings.LIBRARY_MAX_UPLOAD_BYTES)
                cleaned.append(upload)
            except forms.ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise forms.ValidationError(errors)
        if self.required and not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return cleaned


class LinesField(forms.CharField):
    """A list of short texts, one per line (or separated by commas when commas=True)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, *args, commas=False, **kwargs):
        self.commas = commas
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return (", " if self.commas else "\n").join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = (value or "").replace(",", "\n") if self.commas else (value or "")
        items = []
        for line in text.splitlines():
            line = " ".join(line.split())
            if line and line not in items:
                if len(line) > 200:
                    raise forms.ValidationError(_("Too long (200 characters at most): %(line)s"), params={"line": line})
                items.append(line)
        return items


class DocumentForm(ShareableForm):
    taxa = LinesField(
        required=False,
        label=_("Taxa"),
        help_text=_("Scientific names, one per line (e.g. Manis temminckii)."),
    )
    tags = LinesField(required=False, commas=True, label=_("Tags"), help_text=_("Separated by commas."))
    files = MultipleFileField(required=False, label=_("Attach files"))
    translations = forms.ModelMultipleChoiceField(
        queryset=Document.objects.none(), required=False, label=_("Translations of this document")
    )

    class Meta:
        model = Document
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "language",
            "countries",
            "taxa",
            "tags",
            "authors",
            "publication_date",
            "review_date",
            "distribution",
            "spaces",
            "tlp",
            "pap",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "publication_date": forms.DateInput(attrs={"type": "date"}),
            "review_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Choices come from the policy: a user links only documents they can see.
        visible = Document.objects.visible_to(user).order_by("title")
        if self.instance.pk:
            visible = visible.exclude(pk=self.instance.pk)
            self.fields["translations"].initial = list(
                Document.objects.visible_to(user).filter(translations=self.instance).values_list("pk", flat=True)
            )
        self.fields["translations"].queryset = visible.only("pk", "title", "language")
        self.fields["translations"].label_from_instance = lambda d: f"{d.title} [{d.language}]"

    def save_related(self, obj) -> None:
        """After an edit: translations and new files, through the services, in the view's transaction."""
        document_set_translations(actor=self.user, document=obj, translations=self.cleaned_data["translations"])
        for upload in self.cleaned_data["files"]:
            attachment_add(actor=self.user, document=obj, upload=upload)


class DocumentFilterForm(forms.Form):
    """The list page's filters; an unknown value is a form error, never a 500."""

    q = forms.CharField(required=False, max_length=200, label=_("Text"))
    kind = forms.ChoiceField(required=False, choices=[("", _("Any kind")), *DocumentKind.choices], label=_("Kind"))
    country = forms.ChoiceField(required=False, label=_("Country"))
    language = forms.ChoiceField(required=False, choices=[("", _("Any language")), *ALL_LANGUAGES], label=_("Language"))
    versions = forms.ChoiceField(
        required=False,
        choices=[("", _("Current versions")), ("all", _("All versions"))],
        label=_("Versions"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *countries]

    def filter(self, qs):
        data = self.cleaned_data
        if data.get("q"):
            text = data["q"]
            qs = qs.filter(
                Q(title__icontains=text)
                | Q(summary__icontains=text)
                | Q(body__icontains=text)
                | Q(tags__icontains=text)
                | Q(taxa__icontains=text)
                | Q(authors__icontains=text)
            )
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("country"):
            qs = qs.filter(countries__contains=data["country"])
        if data.get("language"):
            qs = qs.filter(language=data["language"])
        return qs


class MatrixEntryForm(ShareableForm):
    """One Party's answers; source documents are chosen among those the user can see."""

    class Meta:
        model = LegislationEntry
        fields = [
            "party",
            "title",
            *[
                f"{name}{suffix}"
                for name, _question in MATRIX_QUESTIONS
                for suffix in ("", "_reference", "_date", "_source")
            ],
            "distribution",
            "spaces",
            "tlp",
            "pap",
        ]
        widgets = {
            **{f"{name}_date": forms.DateInput(attrs={"type": "date"}) for name, _question in MATRIX_QUESTIONS},
            "max_penalties": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["party"].queryset = CitesParty.objects.order_by("name")
        visible = Document.objects.visible_to(user).order_by("title").only("pk", "title")
        for name, question in MATRIX_QUESTIONS:
            self.fields[name].label = question
            self.fields[f"{name}_source"].queryset = visible
            current = getattr(self.instance, f"{name}_source_id", None)
            if current is not None and not visible.filter(pk=current).exists():
                # A source this editor cannot see is left out of the form: kept as it is, never named to them.
                del self.fields[f"{name}_source"]

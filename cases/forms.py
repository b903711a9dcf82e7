"""Forms for cases and their records; related choices come from the policy (visible_to) or reference tables."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cases.imports import importable_cases
from cases.models import Advert, Case, CaseSpecies, Evidence, ModusOperandi, Person, Platform, Prosecution, Seizure
from lexicon.models import CitesCode, CodeKind, CodeWord, Taxon
from portal.access.forms import ShareableForm
from portal.access.services import linked_ids, with_hidden_links
from portal.orgs.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"})


class PlainSelect(forms.Select):
    """Django's select markup written in Python: the template renderer costs milliseconds per long select on a
    list page that otherwise answers in a few."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], mark_safe(" selected") if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CaseForm(ShareableForm):
    modus_operandi = forms.MultipleChoiceField(
        choices=ModusOperandi.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("Modus operandi")
    )
    platforms = forms.ModelMultipleChoiceField(queryset=Platform.objects.all(), required=False, label=_("Platforms"))
    code_words = forms.ModelMultipleChoiceField(
        queryset=CodeWord.objects.none(), required=False, label=_("Linked code words")
    )
    related_cases = forms.ModelMultipleChoiceField(
        queryset=Case.objects.none(), required=False, label=_("Related cases")
    )

    class Meta:
        model = Case
        fields = [
            "title",
            "summary",
            "country",
            "status",
            "lead_org",
            "date_detected",
            "origin_countries",
            "transit_countries",
            "destination_countries",
            "chain_seen_at",
            "platforms",
            "modus_operandi",
            "code_words",
            "related_cases",
            "distribution",
            "spaces",
            "tlp",
            "pap",
        ]
        widgets = {"date_detected": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["code_words"].queryset = CodeWord.objects.visible_to(user).order_by("term")
        self.fields["lead_org"].queryset = Organisation.objects.approved().order_by("name")
        related = Case.objects.visible_to(user).order_by("-created_at")
        if self.instance.pk:
            related = related.exclude(pk=self.instance.pk)
            self.initial["code_words"] = list(self.fields["code_words"].queryset.filter(pk__in=self._ids("code_words")))
            self.initial["related_cases"] = list(related.filter(pk__in=self._ids("related_cases")))
        self.fields["related_cases"].queryset = related

    def _ids(self, name):
        return linked_ids(self.instance, name)

    def m2m_data(self) -> dict:
        """Chosen values, keeping those the editor cannot see: choosing among visible ones must not drop others."""
        out = {"platforms": list(self.cleaned_data.get("platforms") or [])}
        for name in ("code_words", "related_cases"):
            chosen = list(self.cleaned_data.get(name) or [])
            if self.instance.pk:
                chosen = with_hidden_links(self.instance, name, chosen, self.fields[name].queryset)
            out[name] = chosen
        return out


class ReferenceChoicesMixin:
    """Taxon and CITES code fields limited to the right kind of code."""

    def _limit_codes(self):
        if "term_code" in self.fields:
            self.fields["term_code"].queryset = CitesCode.objects.filter(kind=CodeKind.TERM)
        if "unit" in self.fields:
            self.fields["unit"].queryset = CitesCode.objects.filter(kind=CodeKind.UNIT)
        if "taxon" in self.fields:
            self.fields["taxon"].queryset = Taxon.objects.all()


ADVERT_FIELDS = [
    "platform",
    "url",
    "listing_id",
    "title",
    "text",
    "language",
    "posted_at",
    "seller_handle",
    "price",
    "currency",
    "location",
    "captured_at",
    "removed_at",
    "status",
    "deconfliction_opt_out",
]
SEIZURE_FIELDS = [
    "date",
    "place",
    "country",
    "taxon",
    "term_code",
    "unit",
    "quantity",
    "estimated_value",
    "value_currency",
    "transport_mode",
    "detection_method",
    "concealment",
    "origin_countries",
    "transit_countries",
    "destination_countries",
]
PERSON_FIELDS = [
    "role",
    "description",
    "names",
    "aliases",
    "phone_numbers",
    "account_handles",
    "email",
    "nationality",
    "deconfliction_opt_out",
]
PROSECUTION_FIELDS = [
    "court",
    "jurisdiction",
    "stage",
    "stage_date",
    "outcome",
    "defendants",
    "charges",
    "legal_provisions",
    "verdict",
    "prison_months",
    "fine",
    "fine_currency",
    "confiscation",
    "appeal",
    "lessons_learned",
    "judgment_url",
]
CHILD_WIDGETS = {
    "posted_at": DATETIME,
    "captured_at": DATETIME,
    "removed_at": DATETIME,
    "date": DATE,
    "stage_date": DATE,
    "text": forms.Textarea(attrs={"rows": 3}),
}
MARKING = ["distribution", "spaces", "tlp", "pap"]


class ChildForm(ReferenceChoicesMixin, ShareableForm):
    """A case's record with its own marking (empty means the case's), checked against the case in the service."""

    def __init__(self, *args, user, case=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.case = case or getattr(self.instance, "case", None)
        self._limit_codes()
        if not self.instance.pk and self.case is not None:
            for name in ("distribution", "tlp", "pap"):
                self.fields[name].initial = getattr(self.case, name)
            self.fields["spaces"].initial = list(self.case.spaces.all())
        if "defendants" in self.fields:
            persons = Person.objects.visible_to(user).filter(case=self.case) if self.case else Person.objects.none()
            self.fields["defendants"].queryset = persons
            if self.instance.pk:  # the form's own initial reads the links without a user, so finds none
                self.initial["defendants"] = list(persons.filter(pk__in=linked_ids(self.instance, "defendants")))

    def m2m_data(self) -> dict:
        if "defendants" not in self.fields:
            return {}
        chosen = list(self.cleaned_data.get("defendants") or [])
        if self.instance.pk:
            chosen = with_hidden_links(self.instance, "defendants", chosen, self.fields["defendants"].queryset)
        return {"defendants": chosen}


def child_form(model, fields):
    meta = type("Meta", (), {"model": model, "fields": [*fields, *MARKING], "widgets": CHILD_WIDGETS})
    return type(f"{model.__name__}Form", (ChildForm,), {"Meta": meta})


AdvertForm = child_form(Advert, ADVERT_FIELDS)
SeizureForm = child_form(Seizure, SEIZURE_FIELDS)
PersonForm = child_form(Person, PERSON_FIELDS)
ProsecutionForm = child_form(Prosecution, PROSECUTION_FIELDS)


class EvidenceForm(ChildForm):
    upload = forms.FileField(label=_("File"), required=False)

    class Meta:
        model = Evidence
        fields = ["kind", "description", *MARKING]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["upload"]  # evidence keeps its file: a new file is new evidence

    def clean(self):
        data = super().clean()
        if not self.instance.pk and not data.get("upload"):
            self.add_error("upload", _("Choose a file."))
        return data


class InlineAdvertForm(ReferenceChoicesMixin, forms.ModelForm):
    """A new advert typed in the case form; it takes the case's marking."""

    class Meta:
        model = Advert
        fields = ["platform", "url", "title", "text", "posted_at", "seller_handle", "price", "currency"]
        widgets = {"posted_at": DATETIME, "text": forms.Textarea(attrs={"rows": 2})}


class InlineSeizureForm(ReferenceChoicesMixin, forms.ModelForm):
    """A new seizure typed in the case form; it takes the case's marking."""

    class Meta:
        model = Seizure
        fields = ["date", "place", "country", "taxon", "term_code", "unit", "quantity", "transport_mode"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_codes()


class SpeciesForm(ReferenceChoicesMixin, forms.ModelForm):
    """One species involved in a case: taxon, CITES term and unit, quantity. Tick "delete" to remove it."""

    class Meta:
        model = CaseSpecies
        fields = ["taxon", "term_code", "unit", "quantity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_codes()


class BaseSpeciesFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        """The species to keep, as field values for cases.services; blank and deleted forms left out."""
        keep = []
        for sub in self.forms:
            data = getattr(sub, "cleaned_data", None) or {}
            if data.get("taxon") and not data.get("DELETE"):
                keep.append({name: data.get(name) for name in SpeciesForm._meta.fields})
        return keep


def species_initial(case) -> list[dict]:
    if case is None:
        return []
    return list(case.species.order_by("pk").values("taxon", "term_code", "unit", "quantity"))


SpeciesFormSet = forms.formset_factory(SpeciesForm, formset=BaseSpeciesFormSet, extra=2, can_delete=True)
AdvertFormSet = forms.formset_factory(InlineAdvertForm, extra=2)
SeizureFormSet = forms.formset_factory(InlineSeizureForm, extra=1)


class CaseFilterForm(forms.Form):
    """Filters of the case list; every field optional, bad values answered as form errors."""

    q = forms.CharField(required=False, label=_("Text"))
    status = forms.ChoiceField(
        required=False, choices=[("", "---"), *Case._meta.get_field("status").choices], widget=PlainSelect
    )
    country = forms.CharField(required=False, max_length=2, label=_("Country (ISO code)"))
    taxon = forms.ModelChoiceField(queryset=Taxon.objects.all(), required=False, label=_("Species"), widget=PlainSelect)
    platform = forms.ModelChoiceField(
        queryset=Platform.objects.all(), required=False, label=_("Platform"), widget=PlainSelect
    )
    detected_from = forms.DateField(required=False, widget=DATE, label=_("Detected from"))
    detected_to = forms.DateField(required=False, widget=DATE, label=_("Detected to"))


class DeconflictForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("phone", _("phone number")), ("handle", _("account handle")), ("email", _("e-mail address"))]
    )
    value = forms.CharField(max_length=255, label=_("Identifier"))
    region = forms.CharField(max_length=2, required=False, label=_("Country for a local phone number (ISO code)"))


class CaseTargetForm(forms.Form):
    """The case new adverts join (one you may change), or the title of a new case."""

    case = forms.ModelChoiceField(queryset=Case.objects.none(), required=False, label=_("Add to the case"))
    new_case_title = forms.CharField(
        max_length=200, required=False, label=_("Or open a new case titled"),
        help_text=_("The new case is shared with your organisation only, TLP:AMBER; share it wider later."),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = importable_cases(user)

    def clean(self):
        data = super().clean()
        if not data.get("case") and not (data.get("new_case_title") or "").strip():
            self.add_error("case", _("Choose a case, or give a title for a new one."))
        if data.get("case") and (data.get("new_case_title") or "").strip():
            self.add_error("new_case_title", _("Choose a case or a new title, not both."))
        return data


class AdvertImportForm(CaseTargetForm):
    """Upload of monitoring results: the file, and the case the adverts join (one you may change) or a new one."""

    file = forms.FileField(label=_("CSV or XLSX file"))
    field_order = ["file", "case", "new_case_title"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and not upload.name.lower().endswith((".csv", ".xlsx")):
            self.add_error("file", _("Upload a .csv or .xlsx file."))
        return data


class ScannedRowForm(forms.Form):
    """One text of the lexicon's scan page, posted back with a tick when it should become an advert."""

    pick = forms.BooleanField(required=False, label=_("Add"))
    url = forms.URLField(required=False, max_length=500, assume_scheme="https", label=_("address"))
    text = forms.CharField(max_length=20_000, label=_("text"))
    posted_at = forms.DateTimeField(required=False, label=_("posted at"))


# The scan page takes at most 1,000 texts: more rows are a form error, not a server error.
ScannedRowFormSet = forms.formset_factory(ScannedRowForm, extra=0, max_num=1000, validate_max=True, absolute_max=1000)

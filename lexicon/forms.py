import csv
import io

from django import forms
from django.utils.translation import gettext_lazy as _

from lexicon.models import CODE_WORD_FIELDS, Appendix, Category, CodeWord, Confidence, Rank, Status, Taxon
from portal.access.forms import ShareableForm

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PAGE_ROWS = 5_000


class ListField(forms.CharField):
    """Several short values, one per line or separated by commas."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        items = [item.strip() for line in (value or "").splitlines() for item in line.split(",")]
        return [item[:100] for item in items if item]


class CodeWordForm(ShareableForm):
    platforms = ListField(required=False, label=_("Platforms where seen (one per line)"))

    class Meta:
        model = CodeWord
        fields = [*CODE_WORD_FIELDS, "distribution", "spaces", "tlp", "pap"]
        widgets = {
            "first_seen": forms.DateInput(attrs={"type": "date"}),
            "last_seen": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        first, last = data.get("first_seen"), data.get("last_seen")
        if first and last and last < first:
            self.add_error("last_seen", _("Last seen cannot be before first seen."))
        return data


class CodeWordFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Term or meaning"))
    language = forms.CharField(required=False, max_length=12, label=_("Language"))
    category = forms.ChoiceField(required=False, choices=[("", _("any category")), *Category.choices])
    confidence = forms.ChoiceField(required=False, choices=[("", _("any confidence")), *Confidence.choices])
    status = forms.ChoiceField(required=False, choices=[("", _("any status")), *Status.choices])
    taxon = forms.ModelChoiceField(required=False, queryset=Taxon.objects.all(), empty_label=_("any taxon"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["taxon"] = data["taxon"].pk if data.get("taxon") else None
        return data


def _rows_from_csv(data: bytes) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(_("The CSV file must be UTF-8 encoded.")) from None
    reader = csv.DictReader(io.StringIO(text))
    return [{(k or "").strip().lower(): (v or "") for k, v in row.items()} for row in reader]


def _rows_from_xlsx(data: bytes) -> list[dict]:
    from openpyxl import load_workbook  # a heavy import, loaded only when a workbook is uploaded

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(rows, ())]
        return [dict(zip(header, ["" if v is None else str(v) for v in row], strict=False)) for row in rows]
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise forms.ValidationError(_("This is not a readable XLSX file.")) from None


class ScanForm(forms.Form):
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}), label=_("Text to scan"), max_length=100_000
    )
    file = forms.FileField(
        required=False,
        label=_("Or a CSV/XLSX file of listings"),
        help_text=_("Columns: url, text, posted_at. At most 5,000 rows and 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return []
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        data = upload.read()
        name = upload.name.lower()
        if name.endswith(".xlsx"):
            rows = _rows_from_xlsx(data)
        elif name.endswith(".csv"):
            rows = _rows_from_csv(data)
        else:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if rows and "text" not in rows[0]:
            raise forms.ValidationError(_("The file needs a column named text."))
        if len(rows) > MAX_PAGE_ROWS:
            raise forms.ValidationError(_("The file has more than 5,000 rows."))
        return [
            {"url": row.get("url", ""), "text": row.get("text", ""), "posted_at": row.get("posted_at", "")}
            for row in rows
        ]

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("file"):
            raise forms.ValidationError(_("Paste a text or upload a file."))
        return data

    def listings(self) -> list[dict]:
        rows = list(self.cleaned_data.get("file") or [])
        if self.cleaned_data.get("text"):
            rows.insert(0, {"url": "", "text": self.cleaned_data["text"], "posted_at": ""})
        return rows


class TaxonFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Scientific or common name"))
    appendix = forms.ChoiceField(required=False, choices=[("", _("any appendix")), *Appendix.choices])
    rank = forms.ChoiceField(required=False, choices=[("", _("any rank")), *Rank.choices])

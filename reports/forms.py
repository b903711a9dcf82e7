"""Forms of the reports app; bad input becomes a form error naming the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.access.forms import ShareableForm
from portal.access.models import TLP
from portal.orgs.models import CitesParty
from reports.models import NARRATIVE_SECTIONS, PartyReport

DATE = forms.DateInput(attrs={"type": "date"})


class PartyReportForm(ShareableForm):
    class Meta:
        model = PartyReport
        fields = (
            "title",
            "period_start",
            "period_end",
            *(name for name, _heading in NARRATIVE_SECTIONS),
            "share_with_iccwc",
            "distribution",
            "tlp",
            "pap",
        )
        widgets = {"period_start": DATE, "period_end": DATE}
        labels = {"tlp": _("TLP the report goes out at (only records at or below it are included)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, _heading in NARRATIVE_SECTIONS:
            self.fields[name].widget.attrs["rows"] = 6
        if not self.instance.pk:
            # A new report starts from the Party's documents; the narrative fields appear once it exists.
            for name, _heading in NARRATIVE_SECTIONS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("from"), required=False, widget=DATE)
    end = forms.DateField(label=_("to"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period must end after it starts."))
        return data


class StatisticsFilterForm(PeriodForm):
    country = forms.CharField(label=_("country of the owner (ISO code)"), required=False, max_length=2)
    tlp = forms.ChoiceField(label=_("at most TLP"), required=False, choices=[("", "—"), *TLP.choices])

    def clean_country(self):
        return self.cleaned_data["country"].upper()


class CompilationForm(PeriodForm):
    start = forms.DateField(label=_("from"), widget=DATE)
    end = forms.DateField(label=_("to"), widget=DATE)


class TradeReportForm(forms.Form):
    party = forms.ModelChoiceField(
        queryset=CitesParty.objects.order_by("name"), label=_("CITES Party"), to_field_name="code", required=False
    )
    consenting = forms.BooleanField(
        label=_("or every Party that consented to sharing its data with ICCWC partners for the year"), required=False
    )
    year = forms.IntegerField(label=_("year (empty: every year)"), min_value=1975, max_value=2100, required=False)
    # The file is made to be passed on: RED rows only when the exporter asks for them.
    max_tlp = forms.ChoiceField(
        label=_("highest TLP to include"), choices=TLP.choices, initial=TLP.AMBER_STRICT, required=False
    )
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="csv")

    def clean_max_tlp(self):
        return self.cleaned_data["max_tlp"] or TLP.AMBER_STRICT

    def clean(self):
        data = super().clean()
        if bool(data.get("party")) == bool(data.get("consenting")):
            raise forms.ValidationError(_("Choose one Party, or every Party that consented."))
        if data.get("consenting") and not data.get("year"):
            self.add_error("year", _("Consent is given for a year: enter the year."))
        return data

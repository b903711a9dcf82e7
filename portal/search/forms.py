"""The search box's parameters, validated: bad input answers a form error (page) or a 400 naming the field (API)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.search.registry import search_sources
from portal.search.services import MAX_PAGE, Filters
from portal.search.tokens import query_tokens


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.MultipleChoiceField(label=_("Type"), required=False, choices=())
    country = forms.ChoiceField(label=_("Country"), required=False, choices=())
    taxon = forms.CharField(label=_("Taxon"), required=False, max_length=200)
    platform = forms.CharField(label=_("Platform"), required=False, max_length=200)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=MAX_PAGE)
    page_size = forms.IntegerField(label=_("Page size"), required=False, min_value=1, max_value=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(s.key, s.verbose_name) for s in search_sources()]
        self.fields["country"].choices = [("", "—"), *countries]

    def clean_q(self) -> str:
        q = self.cleaned_data["q"].strip()
        if q and not query_tokens(q):
            raise forms.ValidationError(_("Type at least one word: punctuation alone matches nothing."))
        return q

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            q=data["q"].strip(),
            types=tuple(data["type"]),
            country=data["country"],
            taxon=data["taxon"].strip(),
            platform=data["platform"].strip(),
        )

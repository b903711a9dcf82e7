import django_filters
from django.db.models import Q
from django_countries import countries

from portal.filters import UTCDateTimeFilter
from portal.library.models import Document, DocumentKind


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Title, summary, body or tags contain")
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices)
    country = django_filters.ChoiceFilter(choices=list(countries), method="filter_country", label="Country (ISO code)")
    created_after = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = Document
        fields = ["kind", "language", "distribution", "tlp", "pap"]

    def filter_text(self, qs, name, value):
        return qs.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(body__icontains=value)
            | Q(tags__icontains=value)
        )

    def filter_country(self, qs, name, value):
        return qs.filter(countries__contains=value)

import django_filters

from lexicon.models import CodeWord, Taxon
from portal.filters import UTCDateTimeFilter


class CodeWordFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="term", lookup_expr="icontains", label="Term contains")
    taxon = django_filters.ModelChoiceFilter(queryset=Taxon.objects.all())
    updated_after = UTCDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = CodeWord
        fields = ["language", "script", "category", "confidence", "status", "releasable", "tlp", "distribution"]


class TaxonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="scientific_name", lookup_expr="icontains")

    class Meta:
        model = Taxon
        fields = ["rank", "cites_appendix", "class_name", "family"]

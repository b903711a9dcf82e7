import django_filters

from cases.models import Advert, AdvertCodeWordHit, Case, Evidence, Person, Platform, Prosecution, Seizure
from lexicon.models import CodeWord
from portal.filters import UTCDateTimeFilter


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title contains")
    taxon = django_filters.NumberFilter(field_name="species__taxon", label="Species (taxon id)", distinct=True)
    platform = django_filters.NumberFilter(field_name="platforms", label="Platform id", distinct=True)
    detected_from = django_filters.DateFilter(field_name="date_detected", lookup_expr="gte")
    detected_to = django_filters.DateFilter(field_name="date_detected", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["status", "country", "distribution", "tlp", "pap", "reference"]


class ChildFilter(django_filters.FilterSet):
    case = django_filters.NumberFilter(field_name="case_id", label="Case id")


def child_filter(model, extra=()):
    meta = type("Meta", (), {"model": model, "fields": ["distribution", "tlp", "pap", *extra]})
    return type(f"{model.__name__}Filter", (ChildFilter,), {"Meta": meta})


class AdvertFilter(ChildFilter):
    code_word = django_filters.NumberFilter(method="filter_code_word", label="Code word id (one you may see)")
    posted_after = UTCDateTimeFilter(field_name="posted_at", lookup_expr="gte")

    class Meta:
        model = Advert
        fields = ["distribution", "tlp", "pap", "platform", "status", "language"]

    def filter_code_word(self, queryset, name, value):
        # Only through a code word the caller may see: filtering by a hidden one must not tell which adverts use it.
        words = CodeWord.objects.visible_to(self.request.user).filter(pk=value).values("pk")
        return queryset.filter(pk__in=AdvertCodeWordHit.objects.filter(code_word__in=words).values("advert_id"))


SeizureFilter = child_filter(Seizure, ("country", "taxon", "transport_mode", "detection_method"))
PersonFilter = child_filter(Person, ("role",))
ProsecutionFilter = child_filter(Prosecution, ("verdict", "jurisdiction"))
EvidenceFilter = child_filter(Evidence, ("kind", "sha256"))


class PlatformFilter(django_filters.FilterSet):
    class Meta:
        model = Platform
        fields = ["kind", "coalition_member"]

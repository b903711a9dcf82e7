import django_filters

from portal.bulletins.models import Bulletin
from portal.filters import UTCDateTimeFilter


class BulletinFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title contains")
    created_after = UTCDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = Bulletin
        fields = ["distribution", "tlp", "pap"]

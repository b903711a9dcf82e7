"""The DRF side of the policy named in settings: a filter backend, a permission and capped pagination."""

from rest_framework import permissions
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from portal.access.policy import can_change, can_contribute
from portal.access.views import CappedPaginator


class VisibleToFilterBackend(BaseFilterBackend):
    """Applies visible_to(request.user) to every queryset of a shareable model."""

    def filter_queryset(self, request, queryset, view):
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        return queryset


class PolicyPermission(permissions.BasePermission):
    """Reads are open to whoever the policy lets see; writes need a vetted editor and, per record, can_change."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        return getattr(view, "action", None) != "create" or can_contribute(request.user)

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return can_change(request.user, obj)


class CappedPageNumberPagination(PageNumberPagination):
    """Page numbers with a count capped at PORTAL_COUNT_CAP; count_capped says when the true total is larger."""

    page_size_query_param = "page_size"
    max_page_size = 200
    # How far the list counts before count_capped (None: PORTAL_COUNT_CAP); a lower cap is a cheaper count.
    count_cap: int | None = None

    def django_paginator_class(self, object_list, per_page, **kwargs):

        return CappedPaginator(object_list, per_page, count_cap=self.count_cap, **kwargs)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_capped": getattr(self.page.paginator, "capped", False),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {"type": "boolean"}
        return response

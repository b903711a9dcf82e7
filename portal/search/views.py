"""The search page and the search API: both call services.search, which asks each source's policy."""

from django.shortcuts import render
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.audit.services import audit
from portal.search.forms import SearchForm
from portal.search.services import Filters, search


def _audited(request, filters: Filters) -> Filters:
    """A signed-in user's search goes in the audit log (what was asked, never what was found): looking for a
    seller's handle is how a try at hidden records starts."""
    if request.user.is_authenticated:
        asked = {"q": filters.q[:200], "type": list(filters.types), "country": filters.country}
        asked |= {"taxon": filters.taxon[:200], "platform": filters.platform[:200]}
        audit(actor=request.user, action="search.query", detail={k: v for k, v in asked.items() if v})
    return filters


def results(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "results": None}
    status = 200
    if form.is_bound:
        if form.is_valid():
            filters = _audited(request, form.filters())
            context["results"] = search(request.user, filters, page=form.cleaned_data["page"] or 1)
            context["query"] = request.GET.copy()
            context["query"].pop("page", None)
        else:
            status = 400
    return render(request, "search/results.html", context, status=status)


class SearchAPIView(APIView):
    """Search every source the caller may see; hits are the visible, redacted records, facets count only those."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words or CJK text; every word must occur"),
            OpenApiParameter("type", str, many=True, description="Limit to these sources, e.g. bulletins.bulletin"),
            OpenApiParameter("country", str, description="ISO 3166 code"),
            OpenApiParameter("taxon", str),
            OpenApiParameter("platform", str),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        form = SearchForm(request.query_params)
        if not form.is_valid():
            return Response(form.errors, status=400)
        per_page = form.cleaned_data["page_size"] or 20
        filters = _audited(request, form.filters())
        found = search(request.user, filters, page=form.cleaned_data["page"] or 1, per_page=per_page)
        return Response(
            {
                "count": found.total,
                # When capped, count and facets cover the newest `count` visible hits; more exist beyond them.
                "count_capped": found.capped,
                "page": found.page,
                "has_next": found.has_next,
                "facets": found.facets,
                "results": [
                    {
                        "type": hit.type,
                        "id": hit.obj.pk,
                        "title": hit.title,
                        "snippet_html": str(hit.snippet),
                        "url": request.build_absolute_uri(hit.url),
                        "owner_org": hit.owner,
                        "tlp": hit.tlp,
                        "pap": hit.pap,
                        "created_at": hit.created_at,
                    }
                    for hit in found.hits
                ],
            }
        )

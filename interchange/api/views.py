"""STIX bundles in the API: the case, code word and document lists with their API filters and pages, and one
record each. The viewsets name a queryset and a filterset as the apps' own API does (the same visible_to
backend, filters and order), so a STIX page holds the records of the same API list page."""

import json

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.renderers import BaseRenderer, JSONRenderer

from cases.api.filters import CaseFilter
from cases.models import Case
from interchange.http import stix_download
from lexicon.api.filters import CodeWordFilter
from lexicon.models import CodeWord
from portal.library.api.filters import DocumentFilter
from portal.library.models import Document


class StixRenderer(BaseRenderer):
    """Lets a client ask for application/stix+json (errors are rendered as JSON in it)."""

    media_type = "application/stix+json"
    format = "stix"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode()


STIX_RESPONSE = {(200, "application/stix+json"): OpenApiTypes.OBJECT}


class StixSchema(AutoSchema):
    """A bundle is one object for a list too: name the operations by action, not by the response's shape."""

    def get_operation_id(self):
        return f"stix_{self.view.kind}_{self.view.action}"

    def get_filter_backends(self):
        return list(self.view.filter_backends) if self.view.action == "list" else []

    def _get_pagination_parameters(self):
        paginator = self._get_paginator() if self.view.action == "list" else None
        return paginator.get_schema_operation_parameters(self.view) if paginator else []


@extend_schema_view(
    list=extend_schema(responses=STIX_RESPONSE, description="A STIX 2.1 bundle of one page of the list."),
    retrieve=extend_schema(responses=STIX_RESPONSE, description="A STIX 2.1 bundle of one record."),
)
class StixViewSet(viewsets.ReadOnlyModelViewSet):
    renderer_classes = [JSONRenderer, StixRenderer]
    schema = StixSchema()
    ordering = ("-created_at", "-id")
    ordering_fields = ("created_at", "updated_at")
    select_related: tuple[str, ...] = ("owner_org",)
    kind = ""  # the builder's argument: "cases", "codewords" or "documents"

    def get_queryset(self):
        # The filter backend applies visible_to; without it this queryset yields nothing.
        return self.queryset.model.objects.all().select_related(*self.select_related).order_by(*self.ordering)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        response = stix_download(
            request.user, filename=f"{self.kind}.stix.json", scope=f"api.{self.kind}",
            filters=request.GET.urlencode(), **{self.kind: page},
        )  # fmt: skip
        if self.paginator.get_next_link():
            response["Link"] = f'<{self.paginator.get_next_link()}>; rel="next"'
        return response

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        return stix_download(
            request.user, filename=f"{self.kind}-{record.pk}.stix.json", scope=f"api.{self.kind}", obj=record,
            **{self.kind: [record]},
        )  # fmt: skip


class CaseStixViewSet(StixViewSet):
    queryset = Case.objects.all()
    filterset_class = CaseFilter
    kind = "cases"


class CodeWordStixViewSet(StixViewSet):
    queryset = CodeWord.objects.all()
    filterset_class = CodeWordFilter
    select_related = ("owner_org", "taxon", "term_code")
    kind = "codewords"


class DocumentStixViewSet(StixViewSet):
    queryset = Document.objects.all()
    filterset_class = DocumentFilter
    kind = "documents"

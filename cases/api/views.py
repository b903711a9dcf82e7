"""Case API: each model names its queryset, serializer and filters; writes go through cases.services."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from cases.api import filters, serializers
from cases.models import Advert, Case, CaseSpecies, Evidence, Person, Platform, Prosecution, Seizure
from cases.selectors import attach_list_relations, attach_visible_links
from cases.services import case_create, case_update, child_create, child_update, evidence_add
from portal.access.api import CappedPageNumberPagination
from portal.access.services import with_hidden_links
from portal.access.viewsets import ShareableViewSet, VettedReadOnly


class CasePagination(CappedPageNumberPagination):
    count_cap = 1_000  # "count_capped" past a thousand cases: counting further costs more than the page itself


class CaseViewSet(ShareableViewSet):
    queryset = Case.objects.all()
    serializer_class = serializers.CaseSerializer
    pagination_class = CasePagination
    filterset_class = filters.CaseFilter
    select_related = ("owner_org",)
    m2m = ("platforms", "code_words", "related_cases")

    def get_queryset(self):
        species = CaseSpecies.objects.select_related("term_code", "unit").order_by("pk")
        return super().get_queryset().prefetch_related("platforms", Prefetch("species", queryset=species))

    def list(self, request, *args, **kwargs):
        # Related rows come by attach_list_relations, as plain ids: no prefetch of model instances per row.
        queryset = self.filter_queryset(self.get_queryset().prefetch_related(None))
        page = self.paginate_queryset(queryset)
        attach_list_relations(page, request.user)
        rows = serializers.CaseListSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(rows)

    def get_object(self):
        case = super().get_object()
        attach_visible_links([case], self.request.user)
        return case

    def create_record(self, *, data, spaces, m2m):
        return case_create(actor=self.request.user, data=data, spaces=spaces, m2m=m2m)

    def update_record(self, instance, *, data, spaces, m2m, version):
        # Keep links the caller cannot see: choosing among visible ones must not drop the others.
        for name, model in (("code_words", serializers.CodeWord), ("related_cases", Case)):
            if name in m2m:
                m2m[name] = with_hidden_links(instance, name, m2m[name], model.objects.visible_to(self.request.user))
        return case_update(
            actor=self.request.user, case=instance, data=data, spaces=spaces, m2m=m2m, expected_version=version
        )


class ChildViewSet(ShareableViewSet):
    """A case's records: created on a case the caller may change, with a marking within the case's."""

    m2m: tuple[str, ...] = ()

    def create_record(self, *, data, spaces, m2m):
        case = data.pop("case")
        return self.perform_child_create(self.request, case, data, spaces, m2m)

    def perform_child_create(self, request, case, data, spaces, m2m):
        return child_create(actor=request.user, model=self.queryset.model, case=case, data=data, spaces=spaces, m2m=m2m)

    def update_record(self, instance, *, data, spaces, m2m, version):
        data.pop("case", None)
        if "upload" in data:
            raise ValidationError({"upload": _("A file cannot be replaced: add new evidence instead.")})
        for name in m2m:  # keep the links the caller cannot see
            related = instance._meta.get_field(name).related_model
            m2m[name] = with_hidden_links(instance, name, m2m[name], related.objects.visible_to(self.request.user))
        return child_update(
            actor=self.request.user, obj=instance, data=data, spaces=spaces, m2m=m2m, expected_version=version
        )


class AdvertViewSet(ChildViewSet):
    queryset = Advert.objects.all()
    serializer_class = serializers.AdvertSerializer
    filterset_class = filters.AdvertFilter
    select_related = ("owner_org", "platform")


class SeizureViewSet(ChildViewSet):
    queryset = Seizure.objects.all()
    serializer_class = serializers.SeizureSerializer
    filterset_class = filters.SeizureFilter


class PersonViewSet(ChildViewSet):
    queryset = Person.objects.all()
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter


class ProsecutionViewSet(ChildViewSet):
    queryset = Prosecution.objects.all()
    serializer_class = serializers.ProsecutionSerializer
    filterset_class = filters.ProsecutionFilter
    m2m = ("defendants",)

    def get_queryset(self):
        # Through the policy: the related manager alone reads nothing without a user.
        visible = Person.objects.visible_to(self.request.user)
        return super().get_queryset().prefetch_related(Prefetch("defendants", queryset=visible))


class EvidenceViewSet(ChildViewSet):
    queryset = Evidence.objects.all()
    serializer_class = serializers.EvidenceSerializer
    filterset_class = filters.EvidenceFilter

    def perform_child_create(self, request, case, data, spaces, m2m):
        upload = data.pop("upload", None)
        if upload is None:
            raise ValidationError({"upload": ["Send the file as multipart form data."]})
        return evidence_add(actor=request.user, case=case, data=data, spaces=spaces, upload=upload)


class PlatformViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Platform.objects.all().order_by("name")
    serializer_class = serializers.PlatformSerializer
    filterset_class = filters.PlatformFilter
    permission_classes = [VettedReadOnly]

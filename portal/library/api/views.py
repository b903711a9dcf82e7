from django.db.models import OuterRef, Prefetch, Subquery

from portal.access.viewsets import ShareableViewSet
from portal.library.api.filters import DocumentFilter
from portal.library.api.serializers import DocumentSerializer, LegislationEntrySerializer
from portal.library.models import MATRIX_QUESTIONS, Document, LegislationEntry


class DocumentViewSet(ShareableViewSet):
    """Documents the caller may see, read-only: uploads go through the page form, which checks each file."""

    http_method_names = ["get", "head", "options"]
    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter

    def get_queryset(self):
        # Linked documents are named only when the caller can see them too.
        visible = Document.objects.visible_to(self.request.user)
        return (
            super()
            .get_queryset()
            .prefetch_related("attachments", Prefetch("translations", queryset=visible.only("pk")))
            .annotate(visible_supersedes_id=Subquery(visible.filter(pk=OuterRef("supersedes_id")).values("pk")[:1]))
        )


class LegislationEntryViewSet(ShareableViewSet):
    """The legislation matrix, read-only: entries are kept through the pages by CITES authorities."""

    http_method_names = ["get", "head", "options"]
    queryset = LegislationEntry.objects.all()
    serializer_class = LegislationEntrySerializer
    filterset_fields = ["party__code"]
    select_related = ("owner_org", "party")

    def get_queryset(self):
        # A source document is named only when the caller can see it; worked out in the same query.
        visible = Document.objects.visible_to(self.request.user)
        return (
            super()
            .get_queryset()
            .annotate(
                **{
                    f"visible_{name}_source": Subquery(
                        visible.filter(pk=OuterRef(f"{name}_source_id")).values("pk")[:1]
                    )
                    for name, _question in MATRIX_QUESTIONS
                }
            )
        )

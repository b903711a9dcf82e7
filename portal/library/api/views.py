from django.db.models import OuterRef, Prefetch, Subquery

from portal.access.viewsets import ShareableViewSet
from portal.library.api.filters import DocumentFilter
from portal.library.api.serializers import DocumentSerializer
from portal.library.models import Document


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

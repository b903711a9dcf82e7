from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from portal.access.viewsets import ShareableSerializer
from portal.library.models import MATRIX_QUESTIONS, Attachment, Document, LegislationEntry


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ("id", "name", "content_type", "size", "sha256", "uploaded_at", "download_url")

    def get_download_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_download_url()
        return request.build_absolute_uri(url) if request is not None else url


class DocumentSerializer(ShareableSerializer):
    countries = serializers.ListField(child=CountryField(), required=False)
    taxa = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    attachments = AttachmentSerializer(many=True, read_only=True)
    translations = serializers.SerializerMethodField()
    supersedes = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = (
            *ShareableSerializer.marking_fields,
            "kind",
            "title",
            "summary",
            "body",
            "language",
            "countries",
            "taxa",
            "tags",
            "authors",
            "publication_date",
            "review_date",
            "supersedes",
            "translations",
            "attachments",
        )
        read_only_fields = ("created_at", "updated_at")

    def get_translations(self, obj) -> list[int]:
        return [d.pk for d in obj.translations.all()]

    def get_supersedes(self, obj) -> int | None:
        return getattr(obj, "visible_supersedes_id", None)


class LegislationEntrySerializer(ShareableSerializer):
    party = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sources = serializers.SerializerMethodField(
        help_text="Source document ids by question, where the caller can see them."
    )

    class Meta:
        model = LegislationEntry
        fields = (
            *ShareableSerializer.marking_fields,
            "party",
            "title",
            *[f"{name}{suffix}" for name, _question in MATRIX_QUESTIONS for suffix in ("", "_reference", "_date")],
            "sources",
        )
        read_only_fields = ("created_at", "updated_at")

    def get_sources(self, obj) -> dict:
        return {name: getattr(obj, f"visible_{name}_source", None) for name, _question in MATRIX_QUESTIONS}

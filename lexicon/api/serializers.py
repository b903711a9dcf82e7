from django.conf import settings
from django.utils.translation import gettext as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from lexicon.models import CODE_WORD_FIELDS, CodeWord, Taxon
from portal.access.viewsets import ShareableSerializer


class CodeWordSerializer(ShareableSerializer):
    countries = serializers.ListField(child=CountryField(), required=False)
    platforms = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    taxon_name = serializers.CharField(source="taxon.scientific_name", read_only=True, default="")
    term_code_code = serializers.CharField(source="term_code.code", read_only=True, default="")

    class Meta:
        model = CodeWord
        fields = (*ShareableSerializer.marking_fields, *CODE_WORD_FIELDS, "taxon_name", "term_code_code", "is_demo")
        read_only_fields = ("created_at", "updated_at", "is_demo")


class TaxonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Taxon
        fields = (
            "id",
            "scientific_name",
            "rank",
            "kingdom",
            "phylum",
            "class_name",
            "order",
            "family",
            "genus",
            "common_names",
            "cites_appendix",
            "annotation",
            "species_plus_id",
        )


class ScanRequestSerializer(serializers.Serializer):
    texts = serializers.ListField(
        child=serializers.CharField(max_length=20_000, allow_blank=True, trim_whitespace=False),
        min_length=1,
        help_text="Up to SCAN_MAX_TEXTS texts (1,000) of SCAN_MAX_CHARS characters (200,000) in all per request.",
    )

    def validate_texts(self, texts):
        # The scan's time and the answer's size grow with the text: one request must not cost seconds.
        if len(texts) > settings.PORTAL_SCAN_MAX_TEXTS:
            raise serializers.ValidationError(
                _("At most %(max)s texts per request.") % {"max": settings.PORTAL_SCAN_MAX_TEXTS}, code="max_texts"
            )
        if sum(len(text) for text in texts) > settings.PORTAL_SCAN_MAX_CHARS:
            raise serializers.ValidationError(
                _("At most %(max)s characters in all per request.") % {"max": settings.PORTAL_SCAN_MAX_CHARS},
                code="max_chars",
            )
        return texts

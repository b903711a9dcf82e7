from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from lexicon.models import CodeWord, Taxon
from portal.access.viewsets import ShareableSerializer


class CodeWordSerializer(ShareableSerializer):
    countries = serializers.ListField(child=CountryField(), required=False)
    platforms = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    taxon_name = serializers.CharField(source="taxon.scientific_name", read_only=True, default="")
    term_code_code = serializers.CharField(source="term_code.code", read_only=True, default="")

    class Meta:
        model = CodeWord
        fields = (
            *ShareableSerializer.marking_fields,
            "term",
            "language",
            "script",
            "romanisation",
            "category",
            "taxon",
            "taxon_name",
            "term_code",
            "term_code_code",
            "gloss",
            "platforms",
            "countries",
            "first_seen",
            "last_seen",
            "confidence",
            "status",
            "source",
            "releasable",
            "is_demo",
        )
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
        max_length=1000,
        min_length=1,
        help_text="Up to 1,000 texts per request.",
    )

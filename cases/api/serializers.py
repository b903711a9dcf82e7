from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from cases.models import (
    Advert,
    Case,
    CaseSpecies,
    Evidence,
    ModusOperandi,
    Person,
    Platform,
    Prosecution,
    Seizure,
)
from lexicon.models import CodeWord
from portal.access.viewsets import ShareableSerializer


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A related shared record the caller may see (visible_to); others are neither accepted nor named."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.visible_to(request.user if request else None)


class PlatformSerializer(serializers.ModelSerializer):
    class Meta:
        model = Platform
        fields = ("id", "name", "kind", "domains", "coalition_member", "organisation")


class CaseSpeciesSerializer(serializers.ModelSerializer):
    term_code = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = CaseSpecies
        fields = ("taxon", "term_code", "unit", "quantity")


class CaseSerializer(ShareableSerializer):
    reference = serializers.CharField(read_only=True)
    country = CountryField(required=False)
    origin_countries = serializers.ListField(child=CountryField(), required=False)
    transit_countries = serializers.ListField(child=CountryField(), required=False)
    destination_countries = serializers.ListField(child=CountryField(), required=False)
    modus_operandi = serializers.ListField(child=serializers.ChoiceField(ModusOperandi.choices), required=False)
    platforms = serializers.PrimaryKeyRelatedField(many=True, queryset=Platform.objects.all(), required=False)
    code_words = VisibleRelatedField(model=CodeWord, many=True, required=False)
    related_cases = VisibleRelatedField(model=Case, many=True, required=False)
    species = CaseSpeciesSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = (
            *ShareableSerializer.marking_fields,
            "reference",
            "country",
            "title",
            "summary",
            "status",
            "lead_org",
            "date_detected",
            "origin_countries",
            "transit_countries",
            "destination_countries",
            "chain_seen_at",
            "platforms",
            "modus_operandi",
            "code_words",
            "related_cases",
            "species",
        )
        read_only_fields = ("created_at", "updated_at")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            # Linked records are named only when the caller may see them.
            for name, model in (("code_words", CodeWord), ("related_cases", Case)):
                if data.get(name):
                    data[name] = list(
                        model.objects.visible_to(request.user).filter(pk__in=data[name]).values_list("pk", flat=True)
                    )
        return data


class ChildSerializer(ShareableSerializer):
    case = VisibleRelatedField(model=Case, help_text="The case (one you may change).")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if data.get("defendants") and request is not None:
            data["defendants"] = list(
                Person.objects.visible_to(request.user).filter(pk__in=data["defendants"]).values_list("pk", flat=True)
            )
        return data

    def validate(self, attrs):
        if self.instance is not None and "case" in attrs and attrs["case"].pk != self.instance.case_id:
            raise serializers.ValidationError({"case": "A record cannot move to another case."})
        return super().validate(attrs)


def _child(model, fields, extra=None):
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": (*ShareableSerializer.marking_fields, "case", *fields),
            "read_only_fields": ("created_at", "updated_at"),
        },
    )
    return type(f"{model.__name__}Serializer", (ChildSerializer,), {"Meta": meta, **(extra or {})})


AdvertSerializer = _child(
    Advert,
    (
        "platform", "url", "listing_id", "title", "text", "language", "posted_at", "seller_handle", "price",
        "currency", "location", "captured_at", "removed_at", "status", "deconfliction_opt_out",
    ),
)  # fmt: skip
SeizureSerializer = _child(
    Seizure,
    (
        "date", "place", "country", "taxon", "term_code", "unit", "quantity", "estimated_value", "value_currency",
        "transport_mode", "detection_method", "concealment", "origin_countries", "transit_countries",
        "destination_countries",
    ),
    {
        "country": CountryField(required=False, allow_blank=True),
        "origin_countries": serializers.ListField(child=CountryField(), required=False),
        "transit_countries": serializers.ListField(child=CountryField(), required=False),
        "destination_countries": serializers.ListField(child=CountryField(), required=False),
    },
)  # fmt: skip
PersonSerializer = _child(
    Person,
    (
        "role", "description", "names", "aliases", "phone_numbers", "account_handles", "email", "nationality",
        "deconfliction_opt_out",
    ),
    {"nationality": CountryField(required=False, allow_blank=True)},
)  # fmt: skip
ProsecutionSerializer = _child(
    Prosecution,
    (
        "court", "jurisdiction", "stage", "stage_date", "outcome", "defendants", "charges", "legal_provisions",
        "verdict", "prison_months", "fine", "fine_currency", "confiscation", "appeal", "lessons_learned",
        "judgment_url",
    ),
    {
        "jurisdiction": CountryField(required=False, allow_blank=True),
        "defendants": VisibleRelatedField(model=Person, many=True, required=False),
    },
)  # fmt: skip
EvidenceSerializer = _child(
    Evidence,
    ("kind", "description", "name", "content_type", "size", "sha256", "upload"),
    {
        "name": serializers.CharField(read_only=True),
        "content_type": serializers.CharField(read_only=True),
        "size": serializers.IntegerField(read_only=True),
        "sha256": serializers.CharField(read_only=True),
        "upload": serializers.FileField(write_only=True, required=False, help_text="The file (create only)."),
    },
)

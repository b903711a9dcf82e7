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
from portal.access.policy import redact
from portal.access.services import linked_ids
from portal.access.viewsets import ShareableSerializer
from portal.access.viewsets import my_space_ids as _my_space_ids
from portal.orgs.models import Organisation


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
    lead_org = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.approved(), required=False, allow_null=True
    )
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
        user = request.user if request is not None else None
        for name in LINKED:
            # Linked records are named only when the caller may see them (prefetched by the viewset, else asked).
            data[name] = [obj.pk for obj in linked_visible(instance, name, user)]
        return data


# Links to other shared records: code words and related cases, each named only if visible to the caller.
LINKED = ("code_words", "related_cases")


def linked_visible(case, name: str, user):
    prefetched = getattr(case, f"visible_{name}", None)
    if prefetched is not None:
        return prefetched
    return getattr(case, name).visible_to(user).only("pk").order_by("pk")


_DATETIME = serializers.DateTimeField()
_DATE = serializers.DateField()
_COUNTRY = CountryField()
_QUANTITY = serializers.DecimalField(max_digits=12, decimal_places=3)


class CaseListSerializer(serializers.BaseSerializer):
    """The rows of the case API's list, written directly: CaseSerializer's output (a test holds them equal) at a
    fraction of its cost, since DRF resolves every field of every row through generic machinery. Read only; the
    cases come with selectors.attach_list_relations applied."""

    def to_representation(self, case):
        request = self.context["request"]
        user = request.user
        redact(user, case)
        mine = _my_space_ids(request)
        date = case.date_detected
        return {
            "id": case.pk,
            "owner_org": str(case.owner_org),
            "distribution": case.distribution,
            "spaces": [pk for pk in case.space_ids if pk in mine],
            "tlp": case.tlp,
            "pap": case.pap,
            "version": case.version,
            "created_at": _DATETIME.to_representation(case.created_at),
            "updated_at": _DATETIME.to_representation(case.updated_at),
            "reference": case.reference,
            "country": _COUNTRY.to_representation(case.country),
            "title": case.title,
            "summary": case.summary,
            "status": case.status,
            "lead_org": case.lead_org_id,
            "date_detected": _DATE.to_representation(date) if date is not None else None,
            "origin_countries": [_COUNTRY.to_representation(c) for c in case.origin_countries],
            "transit_countries": [_COUNTRY.to_representation(c) for c in case.transit_countries],
            "destination_countries": [_COUNTRY.to_representation(c) for c in case.destination_countries],
            "chain_seen_at": case.chain_seen_at,
            "platforms": case.platform_ids,
            "modus_operandi": list(case.modus_operandi),
            **{name: [obj.pk for obj in linked_visible(case, name, user)] for name in LINKED},
            "species": [
                {
                    "taxon": taxon,
                    "term_code": term_code,
                    "unit": unit,
                    "quantity": _QUANTITY.to_representation(quantity) if quantity is not None else None,
                }
                for taxon, term_code, unit, quantity in case.species_rows
            ],
        }


class ChildSerializer(ShareableSerializer):
    case = VisibleRelatedField(model=Case, help_text="The case (one you may change).")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if "defendants" in data:
            # The list pages prefetch the defendants the caller may see (ProsecutionViewSet); a record just
            # written is read here through the policy.
            prefetched = getattr(instance, "_prefetched_objects_cache", {}).get("defendants")
            if prefetched is not None:
                data["defendants"] = sorted(person.pk for person in prefetched)  # as below: by id, whatever the join
            else:
                request = self.context.get("request")
                visible = Person.objects.visible_to(request.user if request else None)
                linked = linked_ids(instance, "defendants")
                data["defendants"] = sorted(visible.filter(pk__in=linked).values_list("pk", flat=True))
        return data

    def validate(self, attrs):
        if self.instance is not None and "case" in attrs and attrs["case"].pk != self.instance.case_id:
            raise serializers.ValidationError({"case": "A record cannot move to another case."})
        case_id = attrs["case"].pk if "case" in attrs else getattr(self.instance, "case_id", None)
        if any(person.case_id != case_id for person in attrs.get("defendants") or ()):
            raise serializers.ValidationError({"defendants": "Defendants must be persons of the same case."})
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

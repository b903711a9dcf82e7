"""The portal's own STIX extensions: two new object types (a seizure, a prosecution) and one property extension
(the portal's fields on a grouping, identity, indicator, report, observed-data and file). Their JSON schemas ship
in interchange/schemas/, named by extension id as stix2-validator's --schemas option finds them, and are
served at /interchange/schemas/<id>.json, the address each extension definition names."""

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from stix2 import CustomExtension, CustomObject, ExtensionDefinition, Identity
from stix2.properties import (
    BooleanProperty,
    DictionaryProperty,
    FloatProperty,
    IntegerProperty,
    ListProperty,
    ReferenceProperty,
    StringProperty,
)

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
PUBLISHED = "2026-12-04T00:00:00.000Z"

# The portal as software: the author of its extension definitions, the same in every deployment.
PORTAL_IDENTITY = Identity(
    id="identity--b91c1223-a71c-40ee-ad87-c1dea45f4bdf",
    created=PUBLISHED,
    modified=PUBLISHED,
    name="Wildlife Cybercrime Intelligence Portal",
    description="The portal software that defines the wildlife-seizure and wildlife-prosecution objects.",
    identity_class="system",
)

SEIZURE_EXTENSION_ID = "extension-definition--66220f32-a8ba-40f8-96f0-11d099c26b38"
PROSECUTION_EXTENSION_ID = "extension-definition--4773ebed-afa9-422c-aba1-d44765ba857d"
PROPERTIES_EXTENSION_ID = "extension-definition--7f8f95f0-c054-4f1c-9750-6af2a5551a77"

EXTENSIONS = {
    SEIZURE_EXTENSION_ID: (
        "Wildlife seizure",
        "A seizure of wildlife specimens in CITES terms: taxon, trade term and unit codes, quantity, "
        "countries of origin, transit and destination, transport and detection method.",
        ["new-sdo"],
    ),
    PROSECUTION_EXTENSION_ID: (
        "Wildlife prosecution",
        "Proceedings in one court for a wildlife crime: charges, legal provisions, verdict, sentence, appeal.",
        ["new-sdo"],
    ),
    PROPERTIES_EXTENSION_ID: (
        "Wildlife portal properties",
        "The portal's fields on standard objects: a case's reference and species (grouping), a person's "
        "role and personal data as the reader may read it (identity), a code word (indicator), a document "
        "(report), an advert (observed-data), an evidence file (file).",
        ["property-extension"],
    ),
}


def schema_filename(extension_id: str) -> str:
    return f"{extension_id}.json"


def extension_definition(extension_id: str) -> ExtensionDefinition:
    name, description, types = EXTENSIONS[extension_id]
    path = reverse("interchange:schema", kwargs={"extension_id": extension_id})
    return ExtensionDefinition(
        id=extension_id,
        created=PUBLISHED,
        modified=PUBLISHED,
        created_by_ref=PORTAL_IDENTITY.id,
        name=name,
        description=description,
        schema=settings.SITE_URL.rstrip("/") + path,
        version="1.0.0",
        extension_types=types,
    )


def _strings():
    return ListProperty(StringProperty)


@CustomObject(
    "wildlife-seizure",
    [
        ("name", StringProperty(required=True)),
        ("case_ref", ReferenceProperty(valid_types="grouping", spec_version="2.1")),
        ("date", StringProperty()),
        ("place", StringProperty()),
        ("country", StringProperty()),
        ("taxon", StringProperty()),
        ("cites_appendix", StringProperty()),
        ("term_code", StringProperty()),
        ("unit_code", StringProperty()),
        ("quantity", FloatProperty()),
        ("estimated_value", FloatProperty()),
        ("value_currency", StringProperty()),
        ("transport_mode", StringProperty()),
        ("detection_method", StringProperty()),
        ("concealment", StringProperty()),
        ("origin_countries", _strings()),
        ("transit_countries", _strings()),
        ("destination_countries", _strings()),
    ],
    extension_name=SEIZURE_EXTENSION_ID,
)
class WildlifeSeizure:
    """A seizure (cases.Seizure) as an object of the portal's extension."""


@CustomObject(
    "wildlife-prosecution",
    [
        ("name", StringProperty(required=True)),
        ("case_ref", ReferenceProperty(valid_types="grouping", spec_version="2.1")),
        ("court", StringProperty()),
        ("jurisdiction", StringProperty()),
        ("stage", StringProperty()),
        ("stage_date", StringProperty()),
        ("outcome", StringProperty()),
        ("charges", StringProperty()),
        ("legal_provisions", StringProperty()),
        ("verdict", StringProperty()),
        ("prison_months", IntegerProperty()),
        ("fine", FloatProperty()),
        ("fine_currency", StringProperty()),
        ("confiscation", StringProperty()),
        ("appeal", StringProperty()),
        ("lessons_learned", StringProperty()),
        ("judgment_url", StringProperty()),
        ("defendant_refs", ListProperty(ReferenceProperty(valid_types="identity", spec_version="2.1"))),
    ],
    extension_name=PROSECUTION_EXTENSION_ID,
)
class WildlifeProsecution:
    """A prosecution (cases.Prosecution) as an object of the portal's extension."""


@CustomExtension(
    PROPERTIES_EXTENSION_ID,
    [
        # grouping (case)
        ("reference", StringProperty()),
        ("status", StringProperty()),
        ("country", StringProperty()),
        ("date_detected", StringProperty()),
        ("origin_countries", _strings()),
        ("transit_countries", _strings()),
        ("destination_countries", _strings()),
        ("chain_seen_at", StringProperty()),
        ("modus_operandi", _strings()),
        ("species", ListProperty(DictionaryProperty(spec_version="2.1"))),
        # identity (person)
        ("role", StringProperty()),
        ("names", StringProperty()),
        ("aliases", StringProperty()),
        ("phone_numbers", StringProperty()),
        ("account_handles", StringProperty()),
        ("email", StringProperty()),
        ("nationality", StringProperty()),
        # indicator (code word)
        ("term", StringProperty()),
        ("language", StringProperty()),
        ("script", StringProperty()),
        ("romanisation", StringProperty()),
        ("category", StringProperty()),
        ("meaning", StringProperty()),
        ("taxon", StringProperty()),
        ("term_code", StringProperty()),
        ("patterns", _strings()),
        ("platforms", _strings()),
        ("countries", _strings()),
        ("first_seen", StringProperty()),
        ("last_seen", StringProperty()),
        ("confidence", StringProperty()),
        ("releasable", BooleanProperty()),
        # report (document)
        ("kind", StringProperty()),
        ("body", StringProperty()),
        ("taxa", _strings()),
        ("tags", _strings()),
        ("authors", StringProperty()),
        # observed-data (advert)
        ("title", StringProperty()),
        ("text", StringProperty()),
        ("platform", StringProperty()),
        ("listing_id", StringProperty()),
        ("price", FloatProperty()),
        ("currency", StringProperty()),
        ("location", StringProperty()),
        ("posted_at", StringProperty()),
        ("removed_at", StringProperty()),
        # file (evidence)
        ("description", StringProperty()),
    ],
)
class PortalProperties:
    """The portal's own fields on a standard STIX object."""

    extension_type = "property-extension"


def portal_properties(**values) -> dict:
    """The extensions property holding the portal's fields: empty values left out (STIX forbids empty lists)."""
    kept = {key: value for key, value in values.items() if value not in (None, "", [], {})}
    return {PROPERTIES_EXTENSION_ID: {"extension_type": "property-extension", **kept}}


def new_object(extension_id: str) -> dict:
    return {extension_id: {"extension_type": "new-sdo"}}

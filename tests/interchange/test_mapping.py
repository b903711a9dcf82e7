"""What each record becomes in STIX 2.1, the markings and ids it carries, and the validator's verdict."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case
from interchange.stix.extensions import (
    PROPERTIES_EXTENSION_ID,
    PROSECUTION_EXTENSION_ID,
    SCHEMA_DIR,
    SEIZURE_EXTENSION_ID,
)
from interchange.stix.ids import organisation_id
from interchange.stix.markings import PAP_EXTENSION_ID, PAP_MARKINGS_PUBLISHED, TLP_EXTENSION_ID, TLP_MARKING_IDS
from lexicon.models import CitesCode, Taxon
from portal.access.models import PAP, TLP, Distribution
from portal.audit.models import AuditEvent
from tests.factories import (
    AdvertFactory,
    CaseFactory,
    CodeWordFactory,
    DocumentFactory,
    EvidenceFactory,
    PersonFactory,
    ProsecutionFactory,
    SeizureFactory,
    client_for,
)
from tests.interchange.stix import by_id, objects, of_type, validate

pytestmark = pytest.mark.django_db

OFFICIAL_TLP_IDS = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}


@pytest.fixture
def full_case(cast):
    """A community case with one record of each kind, a species row and a linked code word."""
    org = cast.owner_org
    case = CaseFactory(owner_org=org, marker="Ivory ring", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)
    elephant = Taxon.objects.get(scientific_name="Loxodonta africana")
    ivory, kilo = CitesCode.objects.get(kind="term", code="IVC"), CitesCode.objects.get(kind="unit", code="KIL")
    case.species.create(taxon=elephant, term_code=ivory, unit=kilo, quantity=12.5)
    marking = {"owner_org": org, "distribution": Distribution.COMMUNITY, "tlp": TLP.GREEN, "case": case}
    advert = AdvertFactory(marker="Carved tusk", url="https://market.example/item/1", **marking)
    seizure = SeizureFactory(
        marker="Mombasa port", taxon=elephant, term_code=ivory, unit=kilo, quantity=40, detection_method="xray",
        origin_countries=["TZ"], transit_countries=["KE"], destination_countries=["VN"], **marking,
    )  # fmt: skip
    person = PersonFactory(marker="Seller in the port group", **marking)
    prosecution = ProsecutionFactory(marker="Mombasa Law Courts", verdict="convicted", prison_months=60, **marking)
    prosecution.defendants.add(person)
    evidence = EvidenceFactory(marker="Screenshot of the offer", **marking)
    word = CodeWordFactory(
        owner_org=org, marker="ivory", term="white gold", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
    )
    case.code_words.add(word)
    return case, advert, seizure, person, prosecution, evidence, word


def test_a_case_is_a_grouping_of_its_records_and_the_bundle_validates(cast, full_case):
    case, advert, seizure, person, prosecution, evidence, word = full_case
    items = objects(client_for(cast.owner_reader).get(reverse("interchange:case", args=[case.pk])))
    index = by_id(items)
    (grouping,) = of_type(items, "grouping")
    assert grouping["id"] == f"grouping--{case.stix_id}" and grouping["context"] == "suspicious-activity"
    assert grouping["name"] == f"{case.reference} Ivory ring"
    assert grouping["extensions"][PROPERTIES_EXTENSION_ID]["species"] == [
        {"taxon": "Loxodonta africana", "term_code": "IVC", "unit_code": "KIL", "quantity": 12.5}
    ]
    members = set(grouping["object_refs"])
    (observed,) = of_type(items, "observed-data")
    assert observed["id"] == f"observed-data--{advert.stix_id}" and observed["id"] in members
    refs = [index[ref] for ref in observed["object_refs"]]
    assert {ref["type"] for ref in refs} == {"url", "user-account"}
    assert [r["value"] for r in refs if r["type"] == "url"] == ["https://market.example/item/1"]
    assert [r["account_login"] for r in refs if r["type"] == "user-account"] == ["seller-of-Carved tusk"]
    (seized,) = of_type(items, "wildlife-seizure")
    assert seized["extensions"] == {SEIZURE_EXTENSION_ID: {"extension_type": "new-sdo"}}
    assert {key: seized[key] for key in ("taxon", "term_code", "unit_code", "quantity", "detection_method")} == {
        "taxon": "Loxodonta africana", "term_code": "IVC", "unit_code": "KIL", "quantity": 40.0, "detection_method": "xray",
    }  # fmt: skip
    assert (seized["origin_countries"], seized["transit_countries"], seized["destination_countries"]) == (
        ["TZ"], ["KE"], ["VN"],
    )  # fmt: skip
    assert seized["case_ref"] == grouping["id"] and seized["id"] in members
    (individual,) = [i for i in of_type(items, "identity") if i["identity_class"] == "individual"]
    assert individual["id"] == f"identity--{person.stix_id}" and individual["id"] in members
    (court,) = of_type(items, "wildlife-prosecution")
    assert court["extensions"] == {PROSECUTION_EXTENSION_ID: {"extension_type": "new-sdo"}}
    assert court["verdict"] == "convicted" and court["defendant_refs"] == [individual["id"]]
    (file,) = of_type(items, "file")
    assert file["hashes"] == {"SHA-256": evidence.sha256} and file["id"] in members
    (indicator,) = of_type(items, "indicator")
    assert indicator["id"] == f"indicator--{word.stix_id}" and indicator["id"] in members
    assert indicator["pattern_type"] == "wildlife-code-word" and indicator["pattern"] == "white gold"
    assert indicator["extensions"][PROPERTIES_EXTENSION_ID]["meaning"] == "ivory"
    owner = index[organisation_id(cast.owner_org.pk)]
    assert owner["identity_class"] == "organization" and owner["name"] == "Owner Agency"
    assert {
        item["created_by_ref"] for item in items if "created_by_ref" in item and item["type"] != "extension-definition"
    } == {owner["id"]}
    definitions = {item["id"] for item in of_type(items, "extension-definition")}
    assert definitions == {SEIZURE_EXTENSION_ID, PROSECUTION_EXTENSION_ID, PROPERTIES_EXTENSION_ID}


def test_a_code_word_is_an_indicator_with_term_language_script_meaning_and_taxon(cast):
    word = CodeWordFactory(owner_org=cast.owner_org, marker="rhino horn", term="犀角", script="Hant")
    items = objects(client_for(cast.owner_reader).get(reverse("interchange:codeword", args=[word.pk])))
    (indicator,) = of_type(items, "indicator")
    portal = indicator["extensions"][PROPERTIES_EXTENSION_ID]
    assert (portal["term"], portal["language"], portal["script"], portal["meaning"], portal["taxon"]) == (
        "犀角", "en", "Hant", "rhino horn", "Sweepia markeri",
    )  # fmt: skip
    assert indicator["description"] == "rhino horn"


def test_a_document_is_a_report_of_its_attachments_with_their_sha256(cast):
    document = DocumentFactory(owner_org=cast.owner_org, marker="Port monitoring SOP")
    attachment = document.attachments.get()
    items = objects(client_for(cast.owner_reader).get(reverse("interchange:document", args=[document.pk])))
    (report,) = of_type(items, "report")
    (file,) = of_type(items, "file")
    assert report["id"] == f"report--{document.stix_id}" and report["name"] == "Port monitoring SOP"
    assert report["object_refs"] == [file["id"]] and file["hashes"] == {"SHA-256": attachment.sha256}


@pytest.mark.parametrize("tlp", list(TLP))
def test_each_tlp_is_the_oasis_marking_definition(cast, tlp):
    case = CaseFactory(owner_org=cast.owner_org, marker="Marked", tlp=tlp)
    items = objects(client_for(cast.owner_reader).get(reverse("interchange:case", args=[case.pk])))
    assert TLP_MARKING_IDS[tlp] == OFFICIAL_TLP_IDS[tlp]
    (grouping,) = of_type(items, "grouping")
    assert OFFICIAL_TLP_IDS[tlp] in grouping["object_marking_refs"]
    marking = by_id(items)[OFFICIAL_TLP_IDS[tlp]]
    assert marking["name"] == TLP(tlp).label
    assert marking["extensions"] == {TLP_EXTENSION_ID: {"extension_type": "property-extension", "tlp_2_0": tlp}}


@pytest.mark.parametrize("pap", list(PAP))
def test_the_pap_extension_marks_every_record(cast, pap):
    case = CaseFactory(owner_org=cast.owner_org, marker="Undercover", pap=pap)
    items = objects(client_for(cast.owner_reader).get(reverse("interchange:case", args=[case.pk])))
    pap_id = PAP_MARKINGS_PUBLISHED[pap][0]
    (grouping,) = of_type(items, "grouping")
    assert pap_id in grouping["object_marking_refs"]
    marking = by_id(items)[pap_id]
    assert marking["extensions"] == {PAP_EXTENSION_ID: {"extension_type": "property-extension", "pap": pap}}


def test_ids_are_stable_across_exports_and_modified_follows_the_record(cast, full_case):
    case = full_case[0]
    client = client_for(cast.owner_reader)
    url = reverse("interchange:case", args=[case.pk])
    first = {item["id"]: item for item in objects(client.get(url))}
    later = case.updated_at + datetime.timedelta(days=1)
    Case.bypass_policy.filter(pk=case.pk).update(updated_at=later, title="Ivory ring, renamed")
    second = {item["id"]: item for item in objects(client.get(url))}
    assert set(first) == set(second)
    grouping = second[f"grouping--{case.stix_id}"]
    assert grouping["modified"].startswith(later.strftime("%Y-%m-%dT%H:%M:%S"))
    assert grouping["created"] == first[grouping["id"]]["created"]


def test_the_download_is_stix_an_attachment_never_cached_and_audited(cast, full_case):
    case = full_case[0]
    response = client_for(cast.owner_reader).get(reverse("interchange:case", args=[case.pk]))
    assert response["Content-Type"] == "application/stix+json;version=2.1"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    event = AuditEvent.objects.get(action="interchange.stix_export", actor=cast.owner_reader)
    assert event.object_id == str(case.pk) and event.detail["scope"] == "case" and event.detail["records"] == 7
    assert event.detail["tlp"] == TLP.GREEN


def test_the_validator_reads_the_portal_s_schemas_and_rejects_a_bad_seizure(cast):
    from stix2validator import ValidationOptions, validate_instance

    seizure = SeizureFactory(owner_org=cast.owner_org, marker="Bad")
    items = objects(client_for(cast.owner_reader).get(reverse("interchange:case", args=[seizure.case_id])))
    (seized,) = of_type(items, "wildlife-seizure")
    seized["unit_code"] = "kilos"
    result = validate_instance(seized, ValidationOptions(version="2.1", schema_dir=str(SCHEMA_DIR)))
    assert not result.is_valid and "unit_code" in str(result.errors[0])


def test_every_published_schema_is_served(client):
    response = client.get(reverse("interchange:schema", args=[SEIZURE_EXTENSION_ID]))
    assert response.status_code == 200 and response.json()["title"] == "Wildlife seizure"
    assert client.get(reverse("interchange:schema", args=["extension-definition--nope"])).status_code == 404


def test_an_empty_list_is_a_valid_bundle(cast):
    response = client_for(cast.outsider).get(reverse("interchange:codeword-list"))
    assert validate(response.content) == [] and objects(response) == []

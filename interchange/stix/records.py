"""One shared record, already fetched through the policy and redacted for its reader, as STIX 2.1 objects.

Each function returns the record's objects, its own first; the builder (interchange.stix.builder) adds the
identities, markings and extension definitions they refer to.
"""

import datetime

from django.utils.text import slugify
from stix2 import URL, File, Grouping, Identity, Indicator, ObservedData, Report, UserAccount

from interchange.stix.extensions import (
    PROSECUTION_EXTENSION_ID,
    SEIZURE_EXTENSION_ID,
    WildlifeProsecution,
    WildlifeSeizure,
    new_object,
    portal_properties,
)
from interchange.stix.ids import organisation_id, record_id
from interchange.stix.markings import markings_of
from portal.access.policy import REDACTED

# A code word's confidence on the STIX scale (STIX 2.1 appendix A, "None / Low / Med / High").
CONFIDENCE = {"confirmed": 85, "probable": 50, "suspected": 15}
# Where the portal's sectors sit in STIX's industry-sector vocabulary.
SECTORS = {
    "cites_authority": "government-national",
    "enforcement": "government-national",
    "igo": "government",
    "ngo": "non-profit",
    "academia": "education",
    "platform": "technology",
    "logistics": "transportation",
}


def common(record, stix_type: str) -> dict:
    """What every object of a shared record carries: its kept id, owner, times and markings."""
    created = record.created_at
    return {
        "id": record_id(stix_type, record),
        "created": created,
        "modified": max(created, record.updated_at),
        "created_by_ref": organisation_id(record.owner_org_id),
        "object_marking_refs": [marking.id for marking in markings_of(record)],
    }


def organisation_identity(organisation) -> Identity:
    return Identity(
        id=organisation_id(organisation.pk),
        created=organisation.created_at,
        modified=organisation.created_at,
        name=organisation.name,
        identity_class="organization",
        sectors=[SECTORS[organisation.sector]] if organisation.sector in SECTORS else None,
    )


def _country(value) -> str | None:
    if isinstance(value, str):  # a redacted field holds the placeholder
        return value or None
    return value.code if value else None


def _countries(values) -> list[str]:
    return [_country(value) for value in values or ()]


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _number(value) -> float | None:
    return float(value) if value is not None else None


def _refs(ids, fallback: str) -> list[str]:
    # STIX needs at least one reference; a record with none visible refers to its owner organisation.
    return list(ids) or [fallback]


def case_grouping(case, *, species, member_ids) -> Grouping:
    """A case: a grouping (suspicious activity) of the records of it the reader may see."""
    values = common(case, "grouping")
    return Grouping(
        **values,
        name=f"{case.reference} {case.title}",
        description=case.summary or None,
        context="suspicious-activity",
        object_refs=_refs(member_ids, values["created_by_ref"]),
        extensions=portal_properties(
            reference=case.reference,
            status=case.status,
            country=_country(case.country),
            date_detected=_day(case.date_detected),
            origin_countries=_countries(case.origin_countries),
            transit_countries=_countries(case.transit_countries),
            destination_countries=_countries(case.destination_countries),
            chain_seen_at=case.chain_seen_at,
            modus_operandi=list(case.modus_operandi or []),
            species=[
                {
                    key: value
                    for key, value in {
                        "taxon": row.taxon.scientific_name,
                        "term_code": row.term_code.code if row.term_code else None,
                        "unit_code": row.unit.code if row.unit else None,
                        "quantity": _number(row.quantity),
                    }.items()
                    if value is not None
                }
                for row in species
            ],
        ),
    )


def advert_objects(advert) -> list:
    """An advert: observed data of its address (a url) and its seller (a user account)."""
    marking_refs = [marking.id for marking in markings_of(advert)]
    observables = []
    if advert.url:
        observables.append(URL(value=advert.url, object_marking_refs=marking_refs))
    platform = advert.platform.name if advert.platform_id else ""
    account_type = slugify(platform) or None
    if advert.seller_handle and advert.seller_handle != REDACTED:
        seller = UserAccount(
            account_login=advert.seller_handle, account_type=account_type, object_marking_refs=marking_refs
        )
    else:
        # Withheld from this reader, or not known: a seller of this advert alone, never matched to another. With
        # no identifying property STIX wants a random (v4) id: the advert's own, so a re-export keeps it.
        seller = UserAccount(
            id=f"user-account--{advert.stix_id}",
            display_name=advert.seller_handle or "unknown seller",
            object_marking_refs=marking_refs,
        )
    observables.append(seller)
    first = advert.posted_at or advert.captured_at or advert.created_at
    last = max(first, advert.removed_at or advert.captured_at or first)
    observed = ObservedData(
        **common(advert, "observed-data"),
        first_observed=first,
        last_observed=last,
        number_observed=1,
        object_refs=[item.id for item in observables],
        extensions=portal_properties(
            title=advert.title,
            text=advert.text,
            language=advert.language,
            platform=platform,
            listing_id=advert.listing_id,
            price=_number(advert.price),
            currency=advert.currency,
            location=advert.location,
            status=advert.status,
            posted_at=advert.posted_at.isoformat() if advert.posted_at else None,
            removed_at=advert.removed_at.isoformat() if advert.removed_at else None,
        ),
    )
    return [observed, *observables]


def seizure_object(seizure, *, case_ref: str) -> WildlifeSeizure:
    """A seizure in CITES terms, as an object of the portal's extension."""
    taxon = seizure.taxon
    values = {
        "case_ref": case_ref,
        "date": _day(seizure.date),
        "place": seizure.place,
        "country": _country(seizure.country),
        "taxon": taxon.scientific_name if taxon else None,
        "cites_appendix": taxon.cites_appendix if taxon else None,
        "term_code": seizure.term_code.code if seizure.term_code else None,
        "unit_code": seizure.unit.code if seizure.unit else None,
        "quantity": _number(seizure.quantity),
        "estimated_value": _number(seizure.estimated_value),
        "value_currency": seizure.value_currency,
        "transport_mode": seizure.transport_mode,
        "detection_method": seizure.detection_method,
        "concealment": seizure.concealment,
        "origin_countries": _countries(seizure.origin_countries),
        "transit_countries": _countries(seizure.transit_countries),
        "destination_countries": _countries(seizure.destination_countries),
    }
    return WildlifeSeizure(
        **common(seizure, "wildlife-seizure"),
        name=seizure.place,
        extensions=new_object(SEIZURE_EXTENSION_ID),
        **{key: value for key, value in values.items() if value not in (None, "", [])},
    )


def person_identity(person) -> Identity:
    """A person, redacted as the portal redacts it for the reader: withheld fields hold the placeholder."""
    names = [line.strip() for line in (person.names or "").splitlines() if line.strip()]
    readable = names and person.names != REDACTED
    contact = "\n".join(value for value in (person.phone_numbers, person.email) if value)
    return Identity(
        **common(person, "identity"),
        name=names[0] if readable else person.description,
        description=person.description,
        identity_class="individual",
        roles=[person.role],
        contact_information=contact or None,
        extensions=portal_properties(
            role=person.role,
            names=person.names,
            aliases=person.aliases,
            phone_numbers=person.phone_numbers,
            account_handles=person.account_handles,
            email=person.email,
            nationality=_country(person.nationality),
        ),
    )


def prosecution_object(prosecution, *, case_ref: str, defendant_ids) -> WildlifeProsecution:
    values = {
        "case_ref": case_ref,
        "court": prosecution.court,
        "jurisdiction": _country(prosecution.jurisdiction),
        "stage": prosecution.stage,
        "stage_date": _day(prosecution.stage_date),
        "outcome": prosecution.outcome,
        "charges": prosecution.charges,
        "legal_provisions": prosecution.legal_provisions,
        "verdict": prosecution.verdict,
        "prison_months": prosecution.prison_months,
        "fine": _number(prosecution.fine),
        "fine_currency": prosecution.fine_currency,
        "confiscation": prosecution.confiscation,
        "appeal": prosecution.appeal,
        "lessons_learned": prosecution.lessons_learned,
        "judgment_url": prosecution.judgment_url,
        "defendant_refs": list(defendant_ids),
    }
    return WildlifeProsecution(
        **common(prosecution, "wildlife-prosecution"),
        name=prosecution.court,
        extensions=new_object(PROSECUTION_EXTENSION_ID),
        **{key: value for key, value in values.items() if value not in (None, "", [])},
    )


def evidence_file(evidence) -> File:
    """An evidence file as a file observable with its SHA-256 (the id follows from the hash, as STIX wants)."""
    return File(
        name=evidence.name,
        hashes={"SHA-256": evidence.sha256},
        size=evidence.size,
        mime_type=evidence.content_type or None,
        object_marking_refs=[marking.id for marking in markings_of(evidence)],
        extensions=portal_properties(kind=evidence.kind, description=evidence.description),
    )


def codeword_indicator(word, *, patterns) -> Indicator:
    """A code word: an indicator whose pattern is the term, in the portal's own pattern language."""
    valid_from = word.first_seen or word.created_at
    if isinstance(valid_from, datetime.date) and not isinstance(valid_from, datetime.datetime):
        valid_from = datetime.datetime.combine(valid_from, datetime.time(), tzinfo=datetime.UTC)
    return Indicator(
        **common(word, "indicator"),
        name=word.term,
        description=word.gloss,
        indicator_types=["malicious-activity"],
        pattern=word.term,
        pattern_type="wildlife-code-word",
        pattern_version="1.0",
        valid_from=valid_from,
        confidence=CONFIDENCE.get(word.confidence),
        extensions=portal_properties(
            term=word.term,
            language=word.language,
            script=word.script,
            romanisation=word.romanisation,
            category=word.category,
            meaning=word.gloss,
            taxon=word.taxon.scientific_name if word.taxon else None,
            term_code=word.term_code.code if word.term_code else None,
            patterns=sorted(patterns),
            platforms=list(word.platforms or []),
            countries=_countries(word.countries),
            first_seen=_day(word.first_seen),
            last_seen=_day(word.last_seen),
            confidence=word.confidence,
            status=word.status,
            releasable=word.releasable,
        ),
    )


def attachment_file(attachment, marking_refs) -> File:
    return File(
        name=attachment.name,
        hashes={"SHA-256": attachment.sha256},
        size=attachment.size,
        mime_type=attachment.content_type or None,
        object_marking_refs=marking_refs,
    )


def document_objects(document, attachments) -> list:
    """A library document: a report of its attachments (file observables with their SHA-256)."""
    values = common(document, "report")
    files = [attachment_file(attachment, values["object_marking_refs"]) for attachment in attachments]
    published = document.publication_date or document.created_at
    if not isinstance(published, datetime.datetime):
        published = datetime.datetime.combine(published, datetime.time(), tzinfo=datetime.UTC)
    report = Report(
        **values,
        name=document.title,
        description=document.summary or None,
        published=published,
        lang=document.language or None,
        object_refs=_refs([item.id for item in files], values["created_by_ref"]),
        extensions=portal_properties(
            kind=document.kind,
            body=document.body,
            countries=_countries(document.countries),
            taxa=[str(name) for name in document.taxa or []],
            tags=[str(tag) for tag in document.tags or []],
            authors=document.authors,
        ),
    )
    return [report, *files]

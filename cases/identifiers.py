"""Identifiers normalised for blind deconfliction: phone numbers to E.164, handles and e-mails lower-cased."""

import phonenumbers

from cases.models import Advert, Identifier, IdentifierKind, Person


def normalise_phone(raw: str, region: str | None = None) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        number = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_handle(raw: str) -> str | None:
    value = (raw or "").strip().lstrip("@").strip().lower()
    return value or None


def normalise_email(raw: str) -> str | None:
    value = (raw or "").strip().lower()
    return value if "@" in value else None


NORMALISERS = {
    IdentifierKind.PHONE: normalise_phone,
    IdentifierKind.HANDLE: normalise_handle,
    IdentifierKind.EMAIL: normalise_email,
}


def normalise(kind: str, raw: str, region: str | None = None) -> str | None:
    if kind == IdentifierKind.PHONE:
        return normalise_phone(raw, region)
    fn = NORMALISERS.get(kind)
    return fn(raw) if fn else None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


def identifiers_of(obj) -> set[tuple[str, str]]:
    """The (kind, normalised value) pairs a person or advert holds."""
    found = set()
    if isinstance(obj, Person):
        region = str(obj.nationality or "") or None
        for raw in _lines(obj.phone_numbers):
            found.add((IdentifierKind.PHONE, normalise_phone(raw, region)))
        for raw in _lines(obj.account_handles):
            found.add((IdentifierKind.HANDLE, normalise_handle(raw)))
        for raw in _lines(obj.email):
            found.add((IdentifierKind.EMAIL, normalise_email(raw)))
    elif isinstance(obj, Advert):
        found.add((IdentifierKind.HANDLE, normalise_handle(obj.seller_handle)))
    return {(kind, value) for kind, value in found if value}


def index_identifiers(obj) -> None:
    """Replace the Identifier rows of one person or advert with what it holds now."""
    field = "advert" if isinstance(obj, Advert) else "person"
    Identifier.objects.filter(**{field: obj}).delete()
    Identifier.objects.bulk_create(
        Identifier(
            kind=kind, value=value, owner_org_id=obj.owner_org_id, opt_out=obj.deconfliction_opt_out, **{field: obj}
        )
        for kind, value in sorted(identifiers_of(obj))
    )

"""Stable STIX ids: a shared record's is the UUID kept on it (stix_id); an organisation, which is not a shared
record, gets a name-based UUID in this deployment's namespace (derived from SITE_URL), so that two portals never
give one id to two different organisations."""

import uuid

from django.conf import settings


def record_id(stix_type: str, record) -> str:
    return f"{stix_type}--{record.stix_id}"


def portal_namespace() -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, settings.SITE_URL.rstrip("/"))


def organisation_id(organisation_id: int) -> str:
    return f"identity--{uuid.uuid5(portal_namespace(), f'orgs.organisation:{organisation_id}')}"

"""Reading and validating the STIX bundles the portal answers, offline: stix2-validator with its own bundled
schemas and the portal's extension schemas (interchange/schemas) read from disk, the network closed."""

import json
import socket

from stix2validator import ValidationOptions, validate_instance

from interchange.stix.extensions import SCHEMA_DIR

# Warnings the validator still gives on the portal's bundles, each for a reason (docs/INTERCHANGE.md):
# 103: an organisation's identity id is name-based (UUIDv5 in the portal's namespace), not random: organisations
#      are not shared records and keep no STIX id of their own.
# 244: a seller's user-account names its platform as account_type; STIX's vocabulary knows no marketplace.
# 245: a code word's indicator uses the portal's own pattern_type, "wildlife-code-word".
ACCEPTED_WARNINGS = {"103", "244", "245"}


class _NoNetwork(socket.socket):
    def connect(self, *args, **kwargs):
        raise AssertionError("the STIX validator tried to reach the network")


def validate(body) -> list[str]:
    """Validate a bundle (bytes, str or dict) with no network; assert no error; return the warning codes."""
    instance = json.loads(body) if isinstance(body, bytes | str) else body
    original = socket.socket
    socket.socket = _NoNetwork
    try:
        result = validate_instance(instance, ValidationOptions(version="2.1", schema_dir=str(SCHEMA_DIR)))
    finally:
        socket.socket = original
    assert result.is_valid, [str(error) for error in result.errors]
    codes = sorted({str(warning).split("{", 1)[1].split("}", 1)[0] for warning in result.warnings})
    assert set(codes) <= ACCEPTED_WARNINGS, [str(w) for w in result.warnings]
    return codes


def objects(response) -> list[dict]:
    body = json.loads(response.content)
    assert body["type"] == "bundle"
    validate(body)
    return body.get("objects", [])


def of_type(items, stix_type) -> list[dict]:
    return [item for item in items if item["type"] == stix_type]


def by_id(items) -> dict:
    return {item["id"]: item for item in items}

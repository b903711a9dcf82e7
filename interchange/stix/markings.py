"""TLP 2.0 and PAP as the marking definitions OASIS publishes (cti-stix-common-objects), by their fixed ids.

stix2 3.0.2 knows only the TLP 1.0 objects; the 2.0 ones are ordinary marking definitions carrying the TLP 2.0
(or PAP) property extension. Their ids are the OASIS ids, so a consumer recognises them without this portal.
"""

from stix2 import MarkingDefinition

from portal.access.models import PAP, TLP

TLP_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
PAP_EXTENSION_ID = "extension-definition--f8d78575-edfd-406e-8e84-6162a8450f5b"

TLP_MARKING_IDS = {
    TLP.CLEAR: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    TLP.GREEN: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    TLP.AMBER: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    TLP.AMBER_STRICT: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    TLP.RED: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
# The PAP objects of the OASIS PAP extension, with the dates OASIS gave them.
PAP_MARKINGS_PUBLISHED = {
    PAP.CLEAR: ("marking-definition--ad15a0cd-55b6-4588-a14c-a66105329b92", "2022-10-01T00:00:00.000Z"),
    PAP.GREEN: ("marking-definition--c43594d1-4b11-4c59-93ab-1c9b14d53ce9", "2022-10-09T00:00:00.000Z"),
    PAP.AMBER: ("marking-definition--60f8932b-e51e-4458-b265-a2e8be9a80ab", "2022-10-02T00:00:00.000Z"),
    PAP.RED: ("marking-definition--740d36e5-7714-4c30-961a-3ae632ceee0e", "2022-10-06T00:00:00.000Z"),
}


def _marking(marking_id: str, created: str, name: str, extension_id: str, prop: str, value: str):
    return MarkingDefinition(
        id=marking_id,
        created=created,
        name=name,
        extensions={extension_id: {"extension_type": "property-extension", prop: value}},
    )


TLP_MARKINGS = {
    level: _marking(marking_id, "2022-10-01T00:00:00.000Z", TLP(level).label, TLP_EXTENSION_ID, "tlp_2_0", level)
    for level, marking_id in TLP_MARKING_IDS.items()
}
PAP_MARKINGS = {
    level: _marking(marking_id, created, PAP(level).label, PAP_EXTENSION_ID, "pap", level)
    for level, (marking_id, created) in PAP_MARKINGS_PUBLISHED.items()
}


def markings_of(record) -> list:
    """The two marking definitions of a shared record: its TLP and its PAP."""
    return [TLP_MARKINGS[record.tlp], PAP_MARKINGS[record.pap]]

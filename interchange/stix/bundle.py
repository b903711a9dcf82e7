"""A STIX 2.1 bundle of what a builder yields, serialised, with what the audit row and the headers need."""

from dataclasses import dataclass

from stix2 import Bundle

from interchange.stix.builder import StixBuilder
from portal.access.models import most_restricted_tlp


@dataclass(frozen=True)
class BuiltBundle:
    json: str
    objects: int
    records: int
    tlp: str


def build_bundle(reader, *, cases=None, codewords=None, documents=None) -> BuiltBundle:
    """The bundle of these querysets (each already through the policy for reader), in this order."""
    builder = StixBuilder(reader)
    objects = []
    if cases is not None:
        objects += builder.cases(cases)
    if codewords is not None:
        objects += builder.codewords(codewords)
    if documents is not None:
        objects += builder.documents(documents)
    # An empty list still makes a valid bundle: STIX allows a bundle without objects.
    bundle = Bundle(objects=objects) if objects else Bundle()
    return BuiltBundle(
        json=bundle.serialize(pretty=False, ensure_ascii=False),
        objects=len(objects),
        records=builder.records,
        tlp=most_restricted_tlp(builder.tlps),
    )

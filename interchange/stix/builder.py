"""Querysets of shared records (from selectors, so already through visible_to) as STIX 2.1 objects.

`StixBuilder(reader)` yields each object once, records first fetched in chunks with their children, so that a
bundle (interchange.stix.bundle) and, later, a TAXII collection page take the same objects. Everything a record
refers to is yielded before it: the portal's identity and extension definitions, the marking definitions, the
owner organisation's identity. Every child read goes through visible_to(reader) and every record through redact.
"""

from collections import defaultdict
from itertools import islice

from django.db.models import Prefetch

from cases.models import Advert, Case, CaseSpecies, Evidence, Person, Prosecution, Seizure
from interchange.stix import records
from interchange.stix.extensions import (
    PORTAL_IDENTITY,
    PROPERTIES_EXTENSION_ID,
    PROSECUTION_EXTENSION_ID,
    SEIZURE_EXTENSION_ID,
    extension_definition,
)
from interchange.stix.ids import organisation_id, record_id
from interchange.stix.markings import markings_of
from lexicon.models import CodeWord
from lexicon.scanning import pattern_variants
from portal.access.policy import redact
from portal.library.models import Attachment
from portal.orgs.models import Organisation

CHUNK = 200
CHILDREN = {
    Advert: ("platform",),
    Seizure: ("taxon", "term_code", "unit"),
    Person: (),
    Prosecution: (),
    Evidence: (),
}


def _chunks(queryset, size: int = CHUNK):
    iterator = iter(queryset)
    while chunk := list(islice(iterator, size)):
        yield chunk


class StixBuilder:
    """The STIX objects of records one reader may see, each once, each after what it refers to."""

    def __init__(self, reader):
        self.reader = reader
        self.seen: set[str] = set()
        self.records = 0
        self.tlps: list[str] = []

    # -- Records ---------------------------------------------------------------------------------------

    def cases(self, cases):
        """Each case as a grouping of its records the reader may see, with those records and linked code words."""
        for chunk in _chunks(cases):
            ids = [case.pk for case in chunk]
            children = {model: self._children(model, ids) for model in CHILDREN}
            species = defaultdict(list)
            rows = CaseSpecies.objects.filter(case_id__in=ids).select_related("taxon", "term_code", "unit")
            for row in rows.order_by("pk"):
                species[row.case_id].append(row)
            words = self._linked_code_words(ids)
            for case in chunk:
                yield from self._case(case, {m: children[m].get(case.pk, []) for m in CHILDREN}, species, words)

    def codewords(self, words):
        for chunk in _chunks(words):
            for word in chunk:
                yield from self._codeword(word)

    def documents(self, documents):
        """Each document as a report of its attachments (seen with the document, as on its page)."""
        for chunk in _chunks(documents):
            files = defaultdict(list)
            for attachment in Attachment.objects.filter(document_id__in=[d.pk for d in chunk]).order_by("pk"):
                files[attachment.document_id].append(attachment)
            for document in chunk:
                redact(self.reader, document)
                yield from self._record(document, records.document_objects(document, files[document.pk]))

    # -- One case --------------------------------------------------------------------------------------

    def _case(self, case, children, species, words):
        redact(self.reader, case)
        case_ref = record_id("grouping", case)
        members, out = [], []
        for advert in children[Advert]:
            objects = records.advert_objects(advert)
            members += [item.id for item in objects]
            out.append((advert, objects))
        for seizure in children[Seizure]:
            obj = records.seizure_object(seizure, case_ref=case_ref)
            members.append(obj.id)
            out.append((seizure, [obj]))
        for person in children[Person]:
            obj = records.person_identity(person)
            members.append(obj.id)
            out.append((person, [obj]))
        for prosecution in children[Prosecution]:
            defendants = [record_id("identity", p) for p in prosecution.visible_defendants]
            obj = records.prosecution_object(prosecution, case_ref=case_ref, defendant_ids=defendants)
            members.append(obj.id)
            out.append((prosecution, [obj]))
        for evidence in children[Evidence]:
            obj = records.evidence_file(evidence)
            members.append(obj.id)
            out.append((evidence, [obj]))
        linked = words.get(case.pk, [])
        members += [record_id("indicator", word) for word in linked]
        for record, objects in out:
            yield from self._record(record, objects)
        for word in linked:
            yield from self._codeword(word)
        grouping = records.case_grouping(case, species=species.get(case.pk, []), member_ids=dict.fromkeys(members))
        yield from self._record(case, [grouping])

    def _children(self, model, case_ids) -> dict:
        """The records of these cases the reader may see, redacted, by case id."""
        qs = model.objects.visible_to(self.reader).filter(case_id__in=case_ids)
        if CHILDREN[model]:
            qs = qs.select_related(*CHILDREN[model])
        if model is Prosecution:
            visible = Person.objects.visible_to(self.reader)
            qs = qs.prefetch_related(Prefetch("defendants", queryset=visible, to_attr="visible_defendants"))
        out = defaultdict(list)
        for obj in qs.order_by("created_at", "id"):
            out[obj.case_id].append(redact(self.reader, obj))
        return out

    def _linked_code_words(self, case_ids) -> dict:
        links = Case.code_words.through.objects.filter(case_id__in=case_ids).values_list("case_id", "codeword_id")
        by_case = defaultdict(list)
        for case_id, word_id in links.order_by("pk"):
            by_case[case_id].append(word_id)
        wanted = {word_id for ids in by_case.values() for word_id in ids}
        visible = {}
        if wanted:
            qs = CodeWord.objects.visible_to(self.reader).filter(pk__in=wanted).select_related("taxon", "term_code")
            visible = {word.pk: word for word in qs}
        return {case_id: [visible[w] for w in ids if w in visible] for case_id, ids in by_case.items()}

    def _codeword(self, word):
        redact(self.reader, word)
        yield from self._record(word, [records.codeword_indicator(word, patterns=pattern_variants(word.term))])

    # -- What the objects refer to ---------------------------------------------------------------------

    def _record(self, record, objects):
        if objects[0].id in self.seen:
            return
        self.records += 1
        self.tlps.append(record.tlp)
        yield from self._support(record, objects)
        for obj in objects:
            if obj.id not in self.seen:
                self.seen.add(obj.id)
                yield obj

    def _support(self, record, objects):
        """What these objects refer to and the reader has not been given yet, built only then."""
        if PORTAL_IDENTITY.id not in self.seen:
            yield self._first(PORTAL_IDENTITY)
        types = {obj.type for obj in objects}
        for extension_id, needed in (
            (PROPERTIES_EXTENSION_ID, True),
            (SEIZURE_EXTENSION_ID, "wildlife-seizure" in types),
            (PROSECUTION_EXTENSION_ID, "wildlife-prosecution" in types),
        ):
            if needed and extension_id not in self.seen:
                yield self._first(extension_definition(extension_id))
        for marking in markings_of(record):
            if marking.id not in self.seen:
                yield self._first(marking)
        if organisation_id(record.owner_org_id) not in self.seen:
            organisation = Organisation.objects.get(pk=record.owner_org_id)
            yield self._first(records.organisation_identity(organisation))

    def _first(self, obj):
        self.seen.add(obj.id)
        return obj

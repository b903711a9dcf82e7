"""Writes to the lexicon: code words through the shared services, with a revision row for each change."""

from django.db import transaction

from lexicon.models import CODE_WORD_FIELDS, CodeWord, CodeWordRevision
from portal.access.policy import vetted_membership
from portal.access.services import shareable_create, shareable_update

# What a revision records: the code word's fields (foreign keys by id) and its marking.
TRACKED_FIELDS = (
    *(f"{name}_id" if name in ("taxon", "term_code") else name for name in CODE_WORD_FIELDS),
    "distribution",
    "tlp",
    "pap",
)


def _plain(value):
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "code"):  # django-countries Country
        return value.code
    return value


def _snapshot(obj) -> dict:
    return {name: _plain(getattr(obj, name)) for name in TRACKED_FIELDS}


def _revision(*, actor, obj, changes: dict) -> CodeWordRevision:
    membership = vetted_membership(actor)
    return CodeWordRevision.objects.create(
        code_word=obj,
        version=obj.version,
        actor=actor,
        actor_org=membership.organisation if membership else None,
        changes=changes,
    )


@transaction.atomic
def codeword_create(*, actor, data: dict, spaces=()) -> CodeWord:
    obj = shareable_create(actor=actor, model=CodeWord, data=data, spaces=spaces)
    _revision(actor=actor, obj=obj, changes={"created": True})
    return obj


@transaction.atomic
def codeword_update(*, actor, obj, data: dict, expected_version: int, spaces=None) -> CodeWord:
    """Update through the shared service (policy, locking, audit), then record which fields changed."""
    before = _snapshot(CodeWord.bypass_policy.get(pk=obj.pk))
    updated = shareable_update(actor=actor, obj=obj, data=data, expected_version=expected_version, spaces=spaces)
    after = _snapshot(updated)
    changes = {name: [before[name], after[name]] for name in TRACKED_FIELDS if before[name] != after[name]}
    if spaces is not None:
        changes["spaces"] = sorted(s.pk for s in spaces)
    _revision(actor=actor, obj=updated, changes=changes)
    return updated

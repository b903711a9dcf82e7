"""Writes to cases and their records: references, status history, markings no wider than the case, audit."""

import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.codewords import scan_adverts
from cases.identifiers import index_identifiers
from cases.models import CHILD_MODELS, Advert, Case, CaseReferenceCounter, CaseStatusChange, Evidence, Person, Seizure
from portal.access.models import ALLOWED_DISTRIBUTIONS, TLP, Distribution, check_marking, tlp_rank
from portal.access.policy import can_change, vetted_membership
from portal.access.services import check_spaces, set_links, shareable_create, shareable_update
from portal.audit.services import audit
from portal.files.uploads import accept_upload
from portal.orgs.models import Organisation

DISTRIBUTION_ORDER = [Distribution.ORGANISATION, Distribution.SPACES, Distribution.COMMUNITY, Distribution.PUBLIC]


def distribution_rank(value: str) -> int:
    return DISTRIBUTION_ORDER.index(value)


def reference_label(organisation) -> str:
    """The organisation's part of its case references: its acronym in capitals and digits (KWS, CNASB), else ORG<pk>.

    An acronym that another organisation also uses gets the primary key too, so that no two organisations share
    a sequence (and learn from it how many cases the other opened).
    """
    label = re.sub(r"[^A-Z0-9]", "", (organisation.acronym or "").upper())[:12]
    if not label:
        return f"ORG{organisation.pk}"
    if Organisation.objects.filter(acronym__iexact=organisation.acronym).exclude(pk=organisation.pk).exists():
        return f"{label}{organisation.pk}"
    return label


def next_reference(organisation, country: str, year: int) -> str:
    """The owner organisation's next reference for a country and year (KE-KWS-2026-0003).

    Numbered per organisation, not per country: a country-wide sequence told every reader, from its gaps, how
    many cases other organisations had opened that the reader may not see. Call inside the transaction that
    saves the case: the counter row stays locked until it commits, so two cases created at once never collide.
    """
    country = (country or "XX").upper()
    label = reference_label(organisation)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(
                    country=country, label=label, year=year
                )
                break
        except IntegrityError:  # two first cases of a year at once: the other one created the row
            continue
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{country}-{label}-{year}-{counter.last:04d}"


def _record_status(case, *, actor, from_status: str) -> None:
    if from_status != case.status:
        CaseStatusChange.objects.create(case=case, from_status=from_status, to_status=case.status, actor=actor)


@transaction.atomic
def case_create(*, actor, data: dict, spaces=(), species=(), m2m: dict | None = None) -> Case:
    """A new case owned by the actor's organisation, with a reference generated here, in the transaction."""
    membership = vetted_membership(actor)
    data = dict(data)
    country = str(data.get("country") or (membership.organisation.country if membership else "") or "XX")
    data["country"] = country
    if membership is None:
        raise PermissionDenied(_("Only contributors and admins of a vetted organisation can share records."))
    year = (data.get("date_detected") or timezone.localdate()).year
    data["reference"] = next_reference(membership.organisation, country, year)
    case = shareable_create(actor=actor, model=Case, data=data, spaces=spaces)
    for name, values in (m2m or {}).items():
        set_links(case, name, values)
    for row in species:
        case.species.create(**row)
    _record_status(case, actor=actor, from_status="")
    return case


@transaction.atomic
def case_update(*, actor, case: Case, data: dict, expected_version: int, spaces=None, m2m=None, species=None):
    """Update a case (optimistic locking in shareable_update); narrows its records when it is narrowed.

    species, when given, replaces the species involved (a list of taxon, term_code, unit, quantity dicts).
    """
    data = {k: v for k, v in data.items() if k != "reference"}
    before = case.status
    updated = shareable_update(actor=actor, obj=case, data=data, expected_version=expected_version, spaces=spaces)
    for name, values in (m2m or {}).items():
        set_links(updated, name, values)
    if species is not None:
        updated.species.all().delete()
        for row in species:
            updated.species.create(**row)
    _record_status(updated, actor=actor, from_status=before)
    narrow_children(updated)
    return updated


@transaction.atomic
def case_save(
    *,
    actor,
    case: Case | None = None,
    data: dict,
    spaces=None,
    m2m: dict | None = None,
    species: list[dict] | None = None,
    expected_version: int | None = None,
    adverts: Iterable[dict] = (),
    seizures: Iterable[dict] = (),
) -> Case:
    """Create a case (case None) or update one (optimistic locking: expected_version), with new adverts and
    seizures typed inline (each a cleaned form's data; they take the case's marking), all in one transaction:
    an EditConflict or a ValidationError anywhere leaves nothing written."""
    if case is None:
        saved = case_create(
            actor=actor, data=data, spaces=spaces if spaces is not None else (), species=species or (), m2m=m2m
        )
    else:
        saved = case_update(
            actor=actor, case=case, data=data, spaces=spaces, m2m=m2m, species=species,
            expected_version=expected_version,
        )  # fmt: skip
    for model, rows in ((Advert, adverts), (Seizure, seizures)):
        for row in rows:
            child_create(actor=actor, model=model, case=saved, data=row)
    return saved


def check_child_marking(*, case: Case, distribution: str, tlp: str, spaces) -> None:
    """A case's record is never more visible than the case: a ValidationError naming the field otherwise."""
    if distribution_rank(distribution) > distribution_rank(case.distribution):
        raise ValidationError(
            {
                "distribution": _("The case is shared as '%(case)s'; its records cannot be shared wider.")
                % {"case": Distribution(case.distribution).label}
            }
        )
    if tlp_rank(tlp) < tlp_rank(case.tlp):
        raise ValidationError(
            {"tlp": _("The case is %(case)s; its records need at least that TLP.") % {"case": TLP(case.tlp).label}}
        )
    if distribution == Distribution.SPACES and case.distribution == Distribution.SPACES:
        allowed = set(case.spaces.values_list("pk", flat=True))
        outside = [s.name for s in spaces if s.pk not in allowed]
        if outside:
            raise ValidationError(
                {"spaces": _("The case is not shared into: %(spaces)s.") % {"spaces": ", ".join(outside)}}
            )


def default_marking(case: Case) -> dict:
    return {"distribution": case.distribution, "tlp": case.tlp, "pap": case.pap}


def _after_child_save(obj, *, actor) -> None:
    if isinstance(obj, Person | Advert):
        index_identifiers(obj)
    if isinstance(obj, Advert):
        scan_adverts([obj])


@transaction.atomic
def child_create(*, actor, model, case: Case, data: dict, spaces=None, m2m=None):
    """Add a record to a case the actor may change; it defaults to the case's marking and owner."""
    if not can_change(actor, case):
        raise PermissionDenied(_("You may not change this case."))
    data = dict(data)
    for key, value in default_marking(case).items():
        if data.get(key) in (None, ""):
            data[key] = value
    if spaces is None:
        spaces = list(case.spaces.all()) if data["distribution"] == Distribution.SPACES else []
    check_marking(data["distribution"], data["tlp"])
    check_child_marking(case=case, distribution=data["distribution"], tlp=data["tlp"], spaces=spaces)
    inherited = set(case.spaces.values_list("pk", flat=True))
    check_spaces(
        actor=actor,
        distribution=data["distribution"],
        spaces=spaces,
        current=[s for s in spaces if s.pk in inherited],
    )
    obj = model(**data, case=case, owner_org_id=case.owner_org_id, author=actor)
    obj.full_clean(exclude=["owner_org", "author", "spaces", "case", "file"])
    obj.save()
    obj.spaces.set(spaces if obj.distribution == Distribution.SPACES else [])
    for name, values in (m2m or {}).items():
        set_links(obj, name, values)
    _after_child_save(obj, actor=actor)
    audit(actor=actor, action="record.create", obj=obj, detail={"case": case.pk})
    return obj


@transaction.atomic
def child_update(*, actor, obj, data: dict, expected_version: int, spaces=None, m2m=None):
    """Update a case's record with optimistic locking; its marking stays within the case's."""
    case = Case.bypass_policy.get(pk=obj.case_id)
    data = {k: v for k, v in data.items() if k != "case"}
    distribution = data.get("distribution", obj.distribution)
    tlp = data.get("tlp", obj.tlp)
    chosen = spaces if spaces is not None else list(obj.spaces.all())
    check_child_marking(case=case, distribution=distribution, tlp=tlp, spaces=chosen)
    updated = shareable_update(actor=actor, obj=obj, data=data, expected_version=expected_version, spaces=spaces)
    for name, values in (m2m or {}).items():
        set_links(updated, name, values)
    _after_child_save(updated, actor=actor)
    return updated


def narrow_children(case: Case) -> int:
    """After a case is narrowed, bring each wider record of it down to the case's marking; returns how many."""

    case_spaces = set(case.spaces.values_list("pk", flat=True))
    changed = 0
    for model in CHILD_MODELS:
        for child in model.bypass_policy.filter(case=case).prefetch_related("spaces"):
            new = {}
            if distribution_rank(child.distribution) > distribution_rank(case.distribution):
                new["distribution"] = case.distribution
            if tlp_rank(child.tlp) < tlp_rank(case.tlp):
                new["tlp"] = case.tlp
            distribution = new.get("distribution", child.distribution)
            child_spaces = {s.pk for s in child.spaces.all()}
            keep_spaces = None
            if distribution == Distribution.SPACES and case.distribution == Distribution.SPACES:
                keep_spaces = (child_spaces & case_spaces) if child.distribution == Distribution.SPACES else case_spaces
                if not keep_spaces:
                    new["distribution"], keep_spaces = Distribution.ORGANISATION, set()
            tlp = new.get("tlp", child.tlp)
            if new.get("distribution", child.distribution) not in _allowed(tlp):
                new["distribution"] = Distribution.ORGANISATION
            if not new and (keep_spaces is None or keep_spaces == child_spaces):
                continue
            for key, value in new.items():
                setattr(child, key, value)
            child.version += 1
            child.save()
            if keep_spaces is not None or child.distribution != Distribution.SPACES:
                child.spaces.set(keep_spaces or [])
            changed += 1
    return changed


def _allowed(tlp):

    return ALLOWED_DISTRIBUTIONS[tlp]


@transaction.atomic
def evidence_add(*, actor, case: Case, data: dict, spaces, upload):
    """Store a file of a case after checking its content (not its name) and size; hashed, served by the policy."""
    accepted = accept_upload(upload=upload, max_bytes=settings.LIBRARY_MAX_UPLOAD_BYTES, field="upload")
    data = {
        **data,
        "name": accepted.name,
        "content_type": accepted.content_type,
        "size": accepted.size,
        "sha256": accepted.sha256,
    }
    evidence = child_create(actor=actor, model=Evidence, case=case, data=data, spaces=spaces)
    # evidence_path names the file by its hash; child_create has saved the record, so only its file is written now.
    Evidence.bypass_policy.filter(pk=evidence.pk).update(file=accepted.save_to(evidence.file))
    return evidence


@transaction.atomic
def adverts_from_scan(*, actor, rows: list[dict], case: Case | None = None, new_case_title: str = ""):
    """Texts chosen on the lexicon's scan page become adverts of a case the actor may change, or of a new case
    (organisation only, TLP:AMBER). rows: dicts of url, text, posted_at. Returns (case, adverts); all or none."""
    if case is None:
        case = case_create(
            actor=actor,
            data={"title": new_case_title.strip(), "distribution": Distribution.ORGANISATION, "tlp": TLP.AMBER,
                  "summary": _("Opened from texts scanned for code words.")},

        )  # fmt: skip
    adverts = []
    for row in rows:
        text = row["text"].strip()
        data = {"title": Truncator(" ".join(text.split())).chars(120), "text": text, "url": row.get("url") or ""}
        data["posted_at"] = row.get("posted_at")
        adverts.append(child_create(actor=actor, model=Advert, case=case, data=data))
    return case, adverts

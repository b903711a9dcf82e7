"""Writes to referrals and volunteer reports: PAP checks, the platform's answer, triage, audit."""

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Advert, AdvertStatus, Case, Platform
from cases.services import child_create
from portal.access.models import PAP, TLP, Distribution, tlp_rank
from portal.access.policy import can, can_change, get_visible_or_404, member_policy, vetted_membership
from portal.audit.services import audit
from portal.errors import NotFound
from portal.files.filetypes import IMAGES
from portal.files.uploads import AcceptedUpload, Refusals, accept_upload
from portal.orgs.models import Sector
from referrals.models import (
    PLATFORM_ANSWERS,
    TAKEN_DOWN,
    Referral,
    ReferralState,
    ReferralStateChange,
    ReportStatus,
    RequestedAction,
    VolunteerReport,
)
from referrals.selectors import duplicates_of, normalise_url, same_listing, without_tracking

BLOCKING_PAP = (PAP.AMBER, PAP.RED)


def max_screenshot_bytes() -> int:
    return settings.REFERRALS_MAX_SCREENSHOT_BYTES


def _referrer(actor):
    """The actor's membership if they may send referrals (MemberPolicy "refer")."""
    membership = vetted_membership(actor)
    if not member_policy.can(actor, "refer"):
        if membership is not None and membership.organisation.sector == Sector.PLATFORM:
            raise PermissionDenied(_("Platforms answer referrals; they do not send them."))
        raise PermissionDenied(_("Only contributors and admins of a vetted organisation can do this."))
    return membership


def pap_refusal(advert: Advert) -> str | None:
    """Why this advert may not be referred to its platform, or None: PAP amber or red on it or its case."""
    case = Case.bypass_policy.filter(pk=advert.case_id).only("pap", "reference").first()
    if advert.pap in BLOCKING_PAP:
        return _("The advert is marked %(pap)s: it may not be reported to the platform.") % {
            "pap": PAP(advert.pap).label
        }
    if case is not None and case.pap in BLOCKING_PAP:
        return _("Its case is marked %(pap)s: its adverts may not be reported to the platform.") % {
            "pap": PAP(case.pap).label
        }
    return None


def _check_fields(data: dict) -> dict:
    errors = {}
    for name in ("reason", "legal_basis"):
        if not str(data.get(name) or "").strip():
            errors[name] = _("This field is required.")
    if data.get("requested_action") not in RequestedAction.values:
        errors["requested_action"] = _("Choose a requested action.")
    tlp = data.get("tlp") or TLP.AMBER
    if tlp not in TLP.values or tlp_rank(tlp) > tlp_rank(TLP.AMBER):
        # The platform must be able to act on it inside its own organisation: at most TLP:AMBER.
        errors["tlp"] = _("A referral is marked at most TLP:AMBER.")
    if errors:
        raise ValidationError(errors)
    return {
        "reason": data["reason"].strip(),
        "legal_basis": data["legal_basis"].strip(),
        "requested_action": data["requested_action"],
        "tlp": tlp,
    }


def _new_referral(*, actor, membership, platform, url, listing_id, fields, batch, advert=None, report=None):
    if platform is None or platform.organisation_id is None:
        raise ValidationError({"platform": _("This platform has no organisation in the portal to refer to.")})
    now = timezone.now()
    referral = Referral.bypass_policy.create(
        owner_org_id=membership.organisation_id,
        author=actor,
        distribution=Distribution.ORGANISATION,
        pap=PAP.GREEN,
        platform=platform,
        advert=advert,
        report=report,
        url=without_tracking(url),  # a share-link id can name whoever found the listing
        listing_id=listing_id or "",
        batch=batch,
        sent_at=now,
        **fields,
    )
    ReferralStateChange.objects.create(referral=referral, from_state="", to_state=ReferralState.SENT, at=now)
    audit(actor=actor, action="referral.send", obj=referral, detail={"platform": platform.pk})
    return referral


@transaction.atomic
def referral_create(*, actor, adverts, data: dict) -> list[Referral]:
    """Refer one advert or a batch to their platforms; all or none (a refused advert refuses the batch)."""
    membership = _referrer(actor)
    adverts = list(adverts)
    if not adverts:
        raise ValidationError({"adverts": _("Choose at least one advert.")})
    fields = _check_fields(data)
    visible = set(Advert.objects.visible_to(actor).filter(pk__in=[a.pk for a in adverts]).values_list("pk", flat=True))
    errors = []
    for advert in adverts:
        if advert.pk not in visible:
            raise NotFound("No such record")
        refusal = pap_refusal(advert)
        if refusal:
            errors.append(f"{advert.title}: {refusal}")
        elif not advert.url:
            errors.append(_("%(title)s: the advert has no address.") % {"title": advert.title})
        elif advert.platform_id is None or advert.platform.organisation_id is None:
            errors.append(_("%(title)s: its platform has no organisation in the portal.") % {"title": advert.title})
    if errors:
        raise ValidationError({"adverts": errors})
    batch = uuid.uuid4().hex if len(adverts) > 1 else ""
    out = []
    for advert in adverts:
        out.append(
            _new_referral(
                actor=actor,
                membership=membership,
                platform=advert.platform,
                url=advert.url,
                listing_id=advert.listing_id,
                fields=fields,
                batch=batch,
                advert=advert,
            )
        )
        Advert.bypass_policy.filter(pk=advert.pk, status=AdvertStatus.ONLINE).update(status=AdvertStatus.REPORTED)
    return out


def _record(referral, *, to_state, by_platform, note, at):
    ReferralStateChange.objects.create(
        referral=referral, from_state=referral.state, to_state=to_state, by_platform=by_platform, note=note, at=at
    )
    referral.state = to_state


@transaction.atomic
def referral_answer(*, actor, pk, state: str, note: str = "") -> Referral:
    """A platform's answer to a referral in its queue; a referral outside the queue answers 404."""
    membership = vetted_membership(actor)
    try:
        referral = (
            Referral.bypass_policy.select_for_update()
            .filter(pk=int(pk), platform__organisation_id=membership.organisation_id if membership else None)
            .first()
        )
    except (TypeError, ValueError):
        referral = None
    if referral is None or membership is None:
        raise NotFound("No such record")
    if not member_policy.can(actor, "answer_referrals"):
        raise PermissionDenied(_("Only contributors and admins of the platform may answer referrals."))
    if state not in PLATFORM_ANSWERS:
        raise ValidationError({"state": _("Answer with one of: %s.") % ", ".join(str(s) for s in PLATFORM_ANSWERS)})
    now = timezone.now()
    before = referral.state
    _record(referral, to_state=state, by_platform=True, note=note, at=now)
    referral.answered_at = referral.answered_at or now
    if state in TAKEN_DOWN and referral.removed_at is None:
        referral.removed_at = now
        if referral.advert_id:
            Advert.bypass_policy.filter(pk=referral.advert_id, removed_at__isnull=True).update(
                removed_at=now, status=AdvertStatus.REMOVED
            )
    if note:
        referral.platform_note = note
    referral.version += 1
    referral.save()
    audit(
        actor=actor,
        action="referral.answer",
        obj=referral,
        detail={"from": before, "to": state},
    )
    return referral


@transaction.atomic
def referral_mark_relisted(*, actor, referral: Referral, note: str = "") -> Referral:
    """The referring organisation saw the same listing or seller again after removal."""
    if not can_change(actor, referral):
        raise PermissionDenied(_("You may not change this referral."))
    locked = Referral.bypass_policy.select_for_update().get(pk=referral.pk)
    now = timezone.now()
    before = locked.state
    _record(locked, to_state=ReferralState.RELISTED, by_platform=False, note=note, at=now)
    locked.relisted_at = locked.relisted_at or now
    locked.version += 1
    locked.save()
    audit(actor=actor, action="referral.relisted", obj=locked, detail={"from": before})
    return locked


def accept_screenshot(upload) -> AcceptedUpload:
    """An image, read from its bytes, within the size limit; a ValidationError naming the field otherwise."""
    wrong_type = _("The screenshot must be a PNG, JPEG, GIF or WebP image.")
    refusals = Refusals(
        empty=wrong_type,
        too_large=_("The screenshot is larger than %(mb)s MB.") % {"mb": max_screenshot_bytes() // 2**20},
        wrong_type=wrong_type,
    )
    return accept_upload(
        upload=upload, max_bytes=max_screenshot_bytes(), allowed=IMAGES, refusals=refusals, field="screenshot"
    )


@transaction.atomic
def report_submit(*, actor, data: dict, upload=None) -> VolunteerReport:
    """A volunteer's report of a suspicious advert, kept in their organisation; duplicates are linked."""
    membership = vetted_membership(actor)
    if not member_policy.can(actor, "submit_report"):
        if membership is not None and membership.organisation.sector == Sector.PLATFORM:
            raise PermissionDenied(_("Platforms do not submit volunteer reports."))
        raise PermissionDenied(_("Only vetted volunteers and contributors can submit reports."))
    url = str(data.get("url") or "").strip()
    if not url:
        raise ValidationError({"url": _("This field is required.")})
    platform = data.get("platform")
    if platform is not None and not isinstance(platform, Platform):
        raise ValidationError({"platform": _("Choose a platform.")})
    normalised = normalise_url(url)
    listing_id = str(data.get("listing_id") or "").strip()
    report = VolunteerReport(
        owner_org_id=membership.organisation_id,
        author=actor,
        reporter=actor,
        reporter_name=actor.get_full_name(),
        distribution=Distribution.ORGANISATION,
        tlp=TLP.AMBER,
        pap=PAP.GREEN,
        url=url,
        normalised_url=normalised,
        platform=platform,
        listing_id=listing_id,
        text=str(data.get("text") or ""),
    )
    screenshot = accept_screenshot(upload) if upload is not None else None
    if screenshot is not None:
        report.screenshot_type, report.screenshot_sha256 = screenshot.content_type, screenshot.sha256
    report.full_clean(exclude=["owner_org", "author", "spaces", "reporter", "screenshot", "normalised_url"])
    first = duplicates_of(
        owner_org_id=membership.organisation_id,
        normalised_url=normalised,
        platform_id=platform.pk if platform else None,
        listing_id=listing_id,
    ).first()
    if first is not None:
        report.status, report.duplicate_of = ReportStatus.DUPLICATE, first
    report.save()
    if screenshot is not None:
        VolunteerReport.bypass_policy.filter(pk=report.pk).update(screenshot=screenshot.save_to(report.screenshot))
    audit(actor=actor, action="report.submit", obj=report, detail={"duplicate": bool(first)})
    return report


def _triage_lock(actor, report):
    if not can(actor, "triage", report):
        raise PermissionDenied(_("You may not triage this report."))
    return VolunteerReport.bypass_policy.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_triage(*, actor, report, status: str, note: str = "") -> VolunteerReport:
    """Dismiss a report, mark it a duplicate or reopen it."""
    if status not in (ReportStatus.NEW, ReportStatus.DISMISSED, ReportStatus.DUPLICATE):
        raise ValidationError({"status": _("Choose new, duplicate or dismissed.")})
    locked = _triage_lock(actor, report)
    before = locked.status
    locked.status, locked.triage_note = status, note
    locked.version += 1
    locked.save()
    audit(actor=actor, action="report.triage", obj=locked, detail={"from": before, "to": status})
    return locked


@transaction.atomic
def report_to_referral(*, actor, report, data: dict) -> Referral:
    """Refer a reported listing to its platform; the volunteer is never named to the platform."""
    locked = _triage_lock(actor, report)
    membership = _referrer(actor)
    if locked.platform_id is None:
        raise ValidationError({"platform": _("The report names no platform.")})
    if locked.advert_id:
        refusal = pap_refusal(Advert.bypass_policy.get(pk=locked.advert_id))
        if refusal:
            raise ValidationError({"adverts": [refusal]})
    referral = _new_referral(
        actor=actor,
        membership=membership,
        platform=locked.platform,
        url=locked.url,
        listing_id=locked.listing_id,
        fields=_check_fields(data),
        batch="",
        report=locked,
    )
    locked.status = ReportStatus.REFERRED
    locked.version += 1
    locked.save()
    audit(actor=actor, action="report.triage", obj=locked, detail={"to": locked.status})
    return referral


@transaction.atomic
def report_to_advert(*, actor, report, case: Case, title: str) -> Advert:
    """Add the reported listing to a case the actor may change, as an advert with the case's marking."""

    locked = _triage_lock(actor, report)
    if not can_change(actor, case):
        raise NotFound("No such record")
    advert = child_create(
        actor=actor,
        model=Advert,
        case=case,
        data={
            "url": locked.url,
            "listing_id": locked.listing_id,
            "title": title or locked.url[:300],
            "text": locked.text,
            "platform": locked.platform,
        },
    )
    locked.status, locked.advert = ReportStatus.ADVERT, advert
    locked.version += 1
    locked.save()
    audit(actor=actor, action="report.triage", obj=locked, detail={"to": locked.status})
    return advert


@transaction.atomic
def report_link_advert(*, actor, report, advert_id, note: str = "") -> VolunteerReport:
    """Mark a report a duplicate of an advert already known (one the actor may see) and link the two.

    Nothing new is created and nothing reaches the platform: the report only points at the advert.
    """
    locked = _triage_lock(actor, report)
    advert = get_visible_or_404(Advert, actor, pk=advert_id)
    if not same_listing(advert, locked):
        raise ValidationError(
            {"advert": _("This advert shows another listing: neither its address nor its listing id match.")}
        )
    locked.status, locked.advert = ReportStatus.DUPLICATE, advert
    locked.triage_note = note or locked.triage_note
    locked.version += 1
    locked.save()
    audit(
        actor=actor,
        action="report.triage",
        obj=locked,
        detail={"to": locked.status, "advert": advert.pk},
    )
    return locked

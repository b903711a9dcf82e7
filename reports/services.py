"""Writes of the reports app: Party reports (through the access services), their versions, submission, builds."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access.models import TLP
from portal.access.policy import can, can_change, vetted_membership
from portal.access.services import grant, shareable_create, shareable_update
from portal.audit.services import audit
from portal.orgs.models import CitesParty, Space, party_of
from reports.models import NARRATIVE_SECTIONS, BuildKind, PartyReport, PartyReportVersion, ReportBuild, ReportStatus
from reports.tasks import build_pdf


def secretariat_space_name() -> str:
    """The name of the space that receives submitted reports; a deployment may rename it in its settings."""
    return settings.REPORTS_SECRETARIAT_SPACE


def secretariat_space() -> Space | None:
    """The space whose members receive submitted reports (the CITES Secretariat's organisation is its member)."""
    return Space.objects.filter(name=secretariat_space_name()).first()


def _snapshot(report: PartyReport) -> dict:
    data = {name: getattr(report, name) for name, _heading in NARRATIVE_SECTIONS}
    data.update(
        title=report.title,
        tlp=report.tlp,
        period_start=report.period_start.isoformat(),
        period_end=report.period_end.isoformat(),
        share_with_iccwc=report.share_with_iccwc,
    )
    return data


def _keep_version(report: PartyReport, actor) -> PartyReportVersion:
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return PartyReportVersion.objects.create(
        report=report, number=number, status=report.status, data=_snapshot(report), author=actor
    )


def _check_period(data: dict) -> None:
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        raise ValidationError({"period_end": _("The period must end after it starts.")})


def report_party(actor) -> CitesParty:
    """The Party a report by the actor is for: the Party of the actor's organisation, never one the actor names."""
    membership = vetted_membership(actor)
    if membership is None:
        raise PermissionDenied(_("Only contributors and admins of a vetted organisation can share records."))
    party = party_of(membership.organisation)
    if party is None:
        raise ValidationError(
            {
                "party": _(
                    "%(org)s is not the body of a CITES Party (its country is not set or is not a Party), "
                    "so it cannot write a Party report."
                )
                % {"org": membership.organisation.name}
            }
        )
    return party


def _refuse_party(data: dict) -> None:
    # Otherwise one Party's authority could write (and submit) a report in another Party's name.
    if "party" in data:
        raise ValidationError({"party": _("A Party report is for the Party of its author's organisation.")})


@transaction.atomic
def report_create(*, actor, data: dict, spaces=()) -> PartyReport:
    _refuse_party(data)
    _check_period(data)
    data = {**data, "party": report_party(actor)}
    report = shareable_create(actor=actor, model=PartyReport, data=data, spaces=spaces)
    _keep_version(report, actor)
    return report


@transaction.atomic
def report_update(*, actor, report, data: dict, expected_version: int, spaces=None) -> PartyReport:
    _refuse_party(data)
    _check_period({"period_start": report.period_start, "period_end": report.period_end, **data})
    if report.status != ReportStatus.DRAFT:
        raise PermissionDenied(_("A submitted report is kept as submitted; start a new draft instead."))
    report = shareable_update(actor=actor, obj=report, data=data, expected_version=expected_version, spaces=spaces)
    _keep_version(report, actor)
    return report


@transaction.atomic
def report_submit(*, actor, report) -> PartyReport:
    """Submit to the Secretariat: a view grant to the Secretariat's space, the state kept as a version."""
    locked = PartyReport.bypass_policy.select_for_update().get(pk=report.pk)
    if not can(actor, "submit", locked):
        raise PermissionDenied(_("Only editors of the Party's organisation may submit this report."))
    if locked.status == ReportStatus.SUBMITTED:
        raise ValidationError(_("This report has already been submitted."))
    if locked.tlp == TLP.RED:
        raise ValidationError(
            {"tlp": _("TLP:RED is for named people only and cannot go to the Secretariat: choose a lower TLP.")}
        )
    space = secretariat_space()
    if space is None:
        raise ValidationError(_("The Secretariat's space is not set up; ask a portal admin."))
    grant(actor=actor, obj=locked, space=space)
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    _keep_version(locked, actor)
    audit(actor=actor, action="report.submit", obj=locked, detail={"space": space.pk})
    return locked


def build_request(*, actor, kind: str, report: PartyReport | None = None, params: dict | None = None):
    """Record a build and hand it to the task backend (inline in development and tests, a worker in production)."""

    if kind == BuildKind.PARTY and (report is None or not can_change(actor, report)):
        raise PermissionDenied(_("Only the report's editors may build its PDF."))
    build = ReportBuild.objects.create(kind=kind, report=report, requested_by=actor, params=params or {})
    audit(actor=actor, action="report.build", obj=report, detail={"build": build.pk, "kind": kind})
    build_pdf.enqueue(build.pk)
    build.refresh_from_db()
    return build

"""Blind deconfliction: who holds an identifier, answered with organisations only, audited and rate-limited."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.identifiers import normalise
from cases.models import Identifier, IdentifierKind
from portal.access.policy import member_policy, vetted_membership
from portal.assistance.services import assistance_request_create
from portal.audit.models import AuditEvent
from portal.audit.services import audit
from portal.orgs.models import Membership, Organisation

QUERY_ACTIONS = ("deconflict.query", "deconflict.contact")


class RateLimited(Exception):
    """Too many deconfliction queries in the last hour."""


def hourly_limit() -> int:
    return settings.CASES_DECONFLICT_PER_HOUR


def _check_rate(actor) -> None:
    since = timezone.now() - timedelta(hours=1)
    used = AuditEvent.objects.filter(actor=actor, action__in=QUERY_ACTIONS, at__gte=since).count()
    if used >= hourly_limit():
        raise RateLimited(
            _("You have made %(n)s deconfliction queries in the last hour, the most allowed. Try again later.")
            % {"n": used}
        )


def may_deconflict(user) -> bool:
    """Deconfliction is for the sectors that may see personal data (MemberPolicy "deconflict")."""
    return member_policy.can(user, "deconflict")


def _check_allowed(actor) -> None:
    if not may_deconflict(actor):
        refuse(actor=actor)


def refuse(*, actor):
    """Refuse a member of another sector, and log the attempt (it is one, or a mistake worth knowing of)."""
    audit(actor=actor, action="deconflict.refused")
    raise PermissionDenied(
        _("Deconfliction is for members of enforcement agencies, CITES authorities and inter-governmental bodies.")
    )


def _fingerprint(kind: str, value: str) -> str:
    # The audit log says what was asked without holding the identifier itself.
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _normalised(kind: str, raw: str, region: str | None) -> str:
    if kind not in IdentifierKind.values:
        raise ValidationError({"kind": _("Choose a phone number, an account handle or an e-mail address.")})
    value = normalise(kind, raw, region)
    if not value:
        raise ValidationError({"value": _("This is not a valid %(kind)s.") % {"kind": IdentifierKind(kind).label}})
    return value


def _holders(kind: str, value: str, exclude_org_id):
    ids = (
        Identifier.objects.filter(kind=kind, value=value, opt_out=False)
        .exclude(owner_org_id=exclude_org_id)
        .values("owner_org_id")
    )
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def who_holds(*, actor, kind: str, raw: str, region: str | None = None) -> dict:
    """{"value": normalised, "organisations": [...]}: other organisations holding it, never which record."""
    _check_allowed(actor)
    membership = vetted_membership(actor)
    _check_rate(actor)
    value = _normalised(kind, raw, region)
    organisations = list(_holders(kind, value, membership.organisation_id))
    audit(
        actor=actor,
        action="deconflict.query",
        detail={"kind": kind, "fingerprint": _fingerprint(kind, value), "hits": len(organisations)},
    )
    return {"kind": kind, "value": value, "region": region or "", "organisations": organisations}


def contact_request(*, actor, data) -> int:
    """Ask the SPOCs of an organisation that holds the identifier to get in touch; returns how many were told."""
    _check_allowed(actor)
    membership = vetted_membership(actor)
    _check_rate(actor)
    kind = data.get("kind", "")
    value = _normalised(kind, data.get("value", ""), data.get("region") or None)
    organisation = (
        _holders(kind, value, membership.organisation_id)
        .filter(pk=str(data.get("organisation", "")).strip() or 0)
        .first()
    )
    if organisation is None:
        raise ValidationError({"organisation": _("That organisation does not hold this identifier.")})
    spocs = Membership.objects.filter(organisation=organisation, is_spoc=True, vetted=True, user__is_active=True)
    emails = [m.user.email for m in spocs.select_related("user")]
    note = (data.get("message") or "").strip()[:1000]
    body = _(
        "%(who)s (%(org)s) holds a record with an identifier your organisation also holds in the portal "
        "(blind deconfliction). They ask you to contact them.\n\n%(note)s"
    ) % {"who": actor.get_full_name() or actor.email, "org": membership.organisation.name, "note": note}
    # A thread in the portal, not an e-mail: the note may be TLP:RED; the SPOCs are told only that a request waits.
    assistance_request_create(
        actor=actor,
        recipient_org=organisation,
        subject=_("Deconfliction: a contact request"),
        body=body,
        identifier_kind=kind,
    )
    audit(
        actor=actor,
        action="deconflict.contact",
        detail={
            "kind": kind,
            "fingerprint": _fingerprint(kind, value),
            "to_org": organisation.pk,
            "spocs": len(emails),
        },
    )
    return len(emails)

"""Reads of referrals and volunteer reports, always for a viewer.

Two paths read referrals. The owner's path is the policy (Referral.objects.visible_to). The platform's
path is `referral_queue_for`: the one narrow exception documented in docs/ACCESS.md, which gives the
members of a platform's organisation the referrals addressed to that platform, as plain rows holding only
the fields a platform needs to act. It never returns a model instance, so nothing else can leak through it.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db.models import Q

from cases.models import Advert
from portal.access.policy import member_policy, vetted_membership
from portal.orgs.models import Role
from referrals.models import Referral, VolunteerReport

TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMS = {"fbclid", "gclid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "si", "spm"}

# What a platform sees of a referral to it: never the advert text, seller, case or the referring officer.
QUEUE_FIELDS = (
    "id",
    "url",
    "listing_id",
    "reason",
    "legal_basis",
    "requested_action",
    "state",
    "sent_at",
    "answered_at",
    "removed_at",
    "platform_note",
    "tlp",
    "platform__name",
    "owner_org__name",
)


def referral_queue_for(user):
    """Rows (dicts of QUEUE_FIELDS) of referrals to the platforms of the user's vetted organisation."""
    membership = vetted_membership(user)
    qs = Referral.bypass_policy.order_by("-sent_at", "-id")
    if not member_policy.can(user, "read_referral_queue"):
        return qs.none().values(*QUEUE_FIELDS)
    return qs.filter(platform__organisation_id=membership.organisation_id).values(*QUEUE_FIELDS)


# What the takedown metrics count of a referral: its platform and dates, never its text or who sent it.
TAKEDOWN_FIELDS = ("id", "platform__name", "sent_at", "removed_at", "relisted_at", "state")


def takedown_rows(viewer) -> list[tuple]:
    """Rows of TAKEDOWN_FIELDS of the referrals the viewer sees and, for a platform, those in its queue; once each."""
    own = Referral.objects.visible_to(viewer).values_list(*TAKEDOWN_FIELDS)
    queue = Referral.bypass_policy.filter(pk__in=referral_queue_for(viewer).values("id")).values_list(*TAKEDOWN_FIELDS)
    seen, rows = set(), []
    for row in [*own, *queue]:
        if row[0] not in seen:
            seen.add(row[0])
            rows.append(row)
    return rows


def queue_row_or_none(user, pk):
    try:
        return referral_queue_for(user).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def referral_list(*, viewer, filters: dict | None = None):
    """Referrals the viewer may see through the policy (the referring organisation's view)."""
    filters = filters or {}
    qs = Referral.objects.visible_to(viewer).select_related("platform", "owner_org").order_by("-sent_at", "-id")
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("platform"):
        qs = qs.filter(platform_id=filters["platform"])
    return qs


def report_list(*, viewer, filters: dict | None = None):
    """Volunteer reports the viewer may see (a volunteer sees only their own: VolunteerReportPolicy)."""
    filters = filters or {}
    qs = VolunteerReport.objects.visible_to(viewer).select_related("platform", "owner_org")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("-created_at", "-id")


def runs_scheme(organisation) -> bool:
    """An organisation runs a reporting scheme when it has volunteers."""
    return organisation.memberships.filter(role=Role.VOLUNTEER).exists()


def duplicates_of(*, owner_org_id, normalised_url: str, platform_id, listing_id: str, exclude_pk=None):
    """Earlier reports of the same scheme with the same normalised URL, or the same listing on the platform."""
    match = Q(normalised_url=normalised_url)
    if listing_id:
        match |= Q(listing_id=listing_id, platform_id=platform_id)
    qs = VolunteerReport.bypass_policy.filter(match, owner_org_id=owner_org_id)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("created_at", "id")


def normalise_url(url: str) -> str:
    """Lower-cased scheme and host, no tracking parameters, no fragment, no trailing slash: for duplicates."""
    parts = urlsplit(without_tracking(url))
    query = parse_qsl(parts.query, keep_blank_values=True)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = f"{host}:{parts.port}" if parts.port else host
    path = parts.path.rstrip("/")
    return urlunsplit(((parts.scheme or "https").lower(), netloc, path, urlencode(sorted(query)), ""))


def without_tracking(url: str) -> str:
    """The address as given, less its fragment and its tracking and share-link parameters ("igshid", "si",
    "utm_*"): those can name the account that shared the link, so they never go to a platform."""
    parts = urlsplit((url or "").strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES) and k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def same_listing(advert, report) -> bool:
    """The advert shows the reported listing: the same normalised address, or the same listing id on the platform."""
    listing = (report.listing_id, report.platform_id)
    if all(listing) and (advert.listing_id, advert.platform_id) == listing:
        return True
    return bool(advert.url) and normalise_url(advert.url) == report.normalised_url


def known_adverts(*, viewer, report, limit: int = 10) -> list:
    """Adverts the viewer may see that show the reported listing, newest first: the duplicates to link to."""
    host_and_path = urlsplit(report.normalised_url)
    match = Q(url__icontains=f"{host_and_path.netloc}{host_and_path.path}") if host_and_path.netloc else Q(pk__in=[])
    if report.listing_id and report.platform_id:
        match |= Q(listing_id=report.listing_id, platform_id=report.platform_id)
    candidates = (
        Advert.objects.visible_to(viewer).filter(match).select_related("case", "platform").order_by("-created_at")
    )
    return [advert for advert in candidates[:200] if same_listing(advert, report)][:limit]

"""Demo referrals in every state across the demo platforms, and reports from the demo volunteer."""

import datetime

from django.utils import timezone
from guardian.shortcuts import assign_perm

from cases.codewords import scan_adverts
from cases.identifiers import index_identifiers
from cases.models import Advert, Case, Platform
from portal.access.models import PAP, TLP, Distribution
from referrals.models import (
    Referral,
    ReferralState,
    ReferralStateChange,
    ReportStatus,
    RequestedAction,
    VolunteerReport,
)
from referrals.services import normalise_url

S = ReferralState
# platform, state, hours to answer, hours to removal (or None), relisted
PLAN = [
    ("MarketHub", S.SENT, None, None, False),
    ("MarketHub", S.ACKNOWLEDGED, 5, None, False),
    ("MarketHub", S.REMOVED, 3, 20, False),
    ("MarketHub", S.REMOVED, 2, 70, False),
    ("MarketHub", S.RELISTED, 4, 30, True),
    ("MarketHub", S.NO_VIOLATION, 30, None, False),
    ("ChatLine", S.SENT, None, None, False),
    ("ChatLine", S.SUSPENDED, 10, 48, False),
    ("ChatLine", S.REFUSED, 90, None, False),
    ("ChatLine", S.REMOVED, 12, 200, False),
    ("ChatLine", S.ACKNOWLEDGED, 24, None, False),
]
REPORTS = [
    (
        "https://markethub.example/item/55001?utm_source=share",
        "MarketHub",
        "55001",
        "Carved 'XY' bangles, genuine old stock, DM for price",
    ),
    ("https://MarketHub.example/item/55001/", "MarketHub", "55001", "Same bangle seller again"),
    ("https://chatline.example/g/parrots-for-sale#top", "ChatLine", "", "Group selling grey parrot chicks"),
]


def seed_referrals(world) -> None:
    owner = world.orgs["kws"]
    officer = world.users.get("analyst@kws.demo")
    if Referral.bypass_policy.filter(owner_org=owner, reason__startswith="[demo]").exists():
        return
    platforms = {p.name: p for p in Platform.objects.filter(name__in={row[0] for row in PLAN})}
    for name, org_key in (("MarketHub", "markethub"), ("ChatLine", "chatline")):
        if name not in platforms:
            platforms[name] = Platform.objects.create(name=name, organisation=world.orgs[org_key])
        elif platforms[name].organisation_id is None:
            platforms[name].organisation = world.orgs[org_key]
            platforms[name].save(update_fields=["organisation"])
    adverts = list(
        Advert.bypass_policy.filter(owner_org=owner, pap__in=(PAP.CLEAR, PAP.GREEN), platform__in=platforms.values())
        .exclude(case__in=Case.bypass_policy.filter(pap__in=(PAP.AMBER, PAP.RED)))
        .exclude(url="")
        .order_by("pk")[: len(PLAN)]
    )
    now = timezone.now()
    for i, (platform_name, state, answer_h, removal_h, relisted) in enumerate(PLAN):
        advert = adverts[i] if i < len(adverts) and adverts[i].platform.name == platform_name else None
        sent = now - datetime.timedelta(days=5 + 9 * i, hours=i)
        referral = Referral.bypass_policy.create(
            owner_org=owner,
            author=officer,
            distribution=Distribution.ORGANISATION,
            tlp=TLP.AMBER,
            pap=PAP.GREEN,
            platform=platforms[platform_name],
            advert=advert,
            url=advert.url if advert else f"https://{platform_name.lower()}.example/listing/{9100 + i}",
            listing_id=advert.listing_id if advert and advert.listing_id else str(9100 + i),
            reason=f"[demo] Offer of CITES Appendix I specimens without permits ({i + 1})",
            legal_basis="Wildlife Conservation and Management Act 2013, s. 92; platform policy on prohibited items",
            requested_action=[RequestedAction.REMOVE, RequestedAction.PRESERVE, RequestedAction.DISCLOSE][i % 3],
            state=state,
            sent_at=sent,
            answered_at=sent + datetime.timedelta(hours=answer_h) if answer_h else None,
            removed_at=sent + datetime.timedelta(hours=removal_h) if removal_h else None,
            relisted_at=sent + datetime.timedelta(days=4) if relisted else None,
            platform_note="Listing removed under our prohibited wildlife policy." if removal_h else "",
        )
        ReferralStateChange.objects.create(referral=referral, to_state=S.SENT, at=sent)
        if answer_h:
            first = S.ACKNOWLEDGED if state != S.RELISTED else S.REMOVED
            ReferralStateChange.objects.create(
                referral=referral,
                from_state=S.SENT,
                to_state=first if removal_h is None else S.ACKNOWLEDGED,
                by_platform=True,
                at=sent + datetime.timedelta(hours=answer_h),
            )
        if state not in (S.SENT, S.ACKNOWLEDGED):
            ReferralStateChange.objects.create(
                referral=referral,
                from_state=S.ACKNOWLEDGED,
                to_state=state,
                by_platform=state != S.RELISTED,
                at=sent + datetime.timedelta(hours=removal_h or answer_h or 1),
            )
    _seed_known_listing(owner, platforms["MarketHub"])
    scheme = world.orgs["traffic"]
    spotter = world.users.get("spotter@traffic.demo")
    first = None
    for url, platform_name, listing, text in REPORTS:
        report = VolunteerReport.bypass_policy.create(
            owner_org=scheme,
            author=spotter,
            reporter=spotter,
            reporter_name=spotter.get_full_name() if spotter else "",
            distribution=Distribution.ORGANISATION,
            tlp=TLP.AMBER,
            pap=PAP.GREEN,
            url=url,
            normalised_url=normalise_url(url),
            platform=platforms.get(platform_name),
            listing_id=listing,
            text=f"[demo] {text}",
            status=ReportStatus.DUPLICATE if first and listing == first.listing_id else ReportStatus.NEW,
            duplicate_of=first if first and listing == first.listing_id else None,
        )
        first = first or report
    analyst = world.users.get("analyst@kws.demo")
    if analyst is not None:
        # Shared with one enforcement analyst for triage: they see the report, never the volunteer's name.
        assign_perm("referrals.view_volunteerreport", analyst, first)


def _seed_known_listing(owner, platform) -> None:
    """The listing of the first demo report, already an advert of a community-wide case: the coordinator's
    triage page offers it as a duplicate to link to (journey 5)."""

    case = (
        Case.bypass_policy.filter(owner_org=owner, distribution=Distribution.COMMUNITY, pap__in=(PAP.CLEAR, PAP.GREEN))
        .order_by("pk")
        .first()
    )
    if case is None:
        return
    advert = Advert.bypass_policy.create(
        case=case,
        owner_org=owner,
        distribution=case.distribution,
        tlp=case.tlp,
        pap=case.pap,
        platform=platform,
        url="https://www.markethub.example/item/55001",
        listing_id="55001",
        title="[demo] Carved bangles, 'XY', old stock",
        text="Carved XY bangles, genuine old stock. DM for price, courier to any city.",
        seller_handle="bangle_trader_88",
        posted_at=timezone.now() - datetime.timedelta(days=20, hours=3),
    )
    index_identifiers(advert)
    scan_adverts([advert])

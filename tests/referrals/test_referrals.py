"""Referrals, the platform's queue, volunteer reports and metrics: who sees what, and what is refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm

from portal.access.models import PAP, TLP, Distribution
from portal.audit.models import AuditEvent
from portal.orgs.models import Role, Sector
from referrals.models import Referral, ReferralState, ReportStatus, VolunteerReport
from referrals.selectors import without_tracking
from referrals.services import normalise_url, referral_create, report_submit
from tests.factories import (
    AdvertFactory,
    CaseFactory,
    OrganisationFactory,
    PlatformFactory,
    ReferralFactory,
    client_for,
    member,
)

CASE_MARK = "CASE-TITLE-q9z1"
TEXT_MARK = "ADVERT-TEXT-k4p7"
SELLER_MARK = "SELLER-HANDLE-w2x8"


@pytest.fixture
def world(cast):
    """Two platforms with their organisations, a referring officer and one referral to each platform."""
    hub_org = cast.platform_org
    chat_org = OrganisationFactory(name="Chat Org", sector=Sector.PLATFORM)
    hub = PlatformFactory(organisation=hub_org, name="Hub")
    chat = PlatformFactory(organisation=chat_org, name="Chat")
    hub_user = cast.other_sector
    chat_user = member(chat_org, email="trust@chat.test")
    case = CaseFactory(owner_org=cast.owner_org, marker=CASE_MARK, pap=PAP.GREEN)
    advert = AdvertFactory(
        owner_org=cast.owner_org,
        marker="advert one",
        case=case,
        platform=hub,
        url="https://hub.example/i/1",
        listing_id="H-1",
        text=TEXT_MARK,
        seller_handle=SELLER_MARK,
        pap=PAP.GREEN,
    )
    data = {"reason": "Ivory offered", "legal_basis": "WCMA s. 92", "requested_action": "remove", "tlp": TLP.AMBER}
    (to_hub,) = referral_create(actor=cast.owner_editor, adverts=[advert], data=data)
    to_chat = ReferralFactory(owner_org=cast.owner_org, marker="to chat", platform=chat)
    return {
        "hub_user": hub_user,
        "chat_user": chat_user,
        "to_hub": to_hub,
        "to_chat": to_chat,
        "advert": advert,
        "case": case,
        "hub": hub,
        "chat": chat,
        "data": data,
    }


def test_platform_users_see_only_their_own_queue_and_never_case_data(cast, world):
    cast.owner_editor.full_name = "OFFICER-NAME-m3n5"
    cast.owner_editor.save()
    hub = client_for(world["hub_user"])
    for response in (hub.get(reverse("referrals:queue")), hub.get("/api/v1/referral-queue/")):
        body = response.content.decode()
        assert response.status_code == 200
        assert "https://hub.example/i/1" in body and "Ivory offered" in body and "Owner Agency" in body
        assert "to chat" not in body
        for secret in (CASE_MARK, TEXT_MARK, SELLER_MARK, "OFFICER-NAME-m3n5", "advert one"):
            assert secret not in body
    detail = hub.get(f"/api/v1/referral-queue/{world['to_hub'].pk}/").json()
    assert set(detail) == {
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
        "platform",
        "referring_organisation",
    }


def test_other_platforms_and_everyone_else_get_404_outside_their_queue(cast, world):
    chat = client_for(world["chat_user"])
    pk = world["to_hub"].pk
    for url in (reverse("referrals:queue-answer", args=[pk]), f"/api/v1/referral-queue/{pk}/"):
        assert chat.get(url).status_code == 404
    assert chat.post(reverse("referrals:queue-answer", args=[pk]), {"state": "removed"}).status_code == 404
    assert chat.post(f"/api/v1/referral-queue/{pk}/answer/", {"state": "removed"}).status_code == 404
    assert chat.get(f"/api/v1/referrals/{pk}/").status_code == 404  # not the owner's path either
    # The referring organisation uses the policy path; the queue is for platforms only.
    assert client_for(cast.owner_editor).get(reverse("referrals:queue-answer", args=[pk])).status_code == 404
    assert client_for(cast.outsider).get(f"/api/v1/referral-queue/{pk}/").status_code == 404
    assert Referral.bypass_policy.get(pk=pk).state == ReferralState.SENT


def test_answering_changes_state_sets_removal_and_is_audited(cast, world):
    hub = client_for(world["hub_user"])
    pk = world["to_hub"].pk
    response = hub.post(
        f"/api/v1/referral-queue/{pk}/answer/", {"state": "acknowledged"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["state"] == "acknowledged"
    response = hub.post(reverse("referrals:queue-answer", args=[pk]), {"state": "removed", "note": "Gone"})
    assert response.status_code == 302
    referral = Referral.bypass_policy.get(pk=pk)
    assert referral.state == ReferralState.REMOVED and referral.removed_at and referral.platform_note == "Gone"
    events = AuditEvent.objects.filter(action="referral.answer", object_id=str(pk))
    assert events.count() == 2
    assert list(referral.history.values_list("to_state", flat=True)) == ["sent", "acknowledged", "removed"]
    bad = hub.post(f"/api/v1/referral-queue/{pk}/answer/", {"state": "relisted"}, content_type="application/json")
    assert bad.status_code == 400 and "state" in bad.json()
    assert hub.post(reverse("referrals:queue-answer", args=[pk]), {"state": "nonsense"}).status_code == 400
    # The owner marks it relisted on the policy path; audited too.
    owner = client_for(cast.owner_editor)
    assert owner.post(reverse("referrals:detail", args=[pk]), {"note": "seen again"}).status_code == 302
    assert Referral.bypass_policy.get(pk=pk).state == ReferralState.RELISTED
    assert AuditEvent.objects.filter(action="referral.relisted").exists()
    assert client_for(cast.owner_reader).post(reverse("referrals:detail", args=[pk])).status_code == 403


def test_a_platform_reader_may_see_but_not_answer(cast, world):
    reader = member(cast.platform_org, role=Role.READER, email="reader@platform.test")
    client = client_for(reader)
    pk = world["to_hub"].pk
    assert client.get(reverse("referrals:queue-answer", args=[pk])).status_code == 200
    assert client.post(f"/api/v1/referral-queue/{pk}/answer/", {"state": "removed"}).status_code == 403


@pytest.mark.parametrize("where", ["advert", "case"])
@pytest.mark.parametrize("pap", [PAP.AMBER, PAP.RED])
def test_pap_amber_or_red_refuses_the_referral_with_a_clear_message(cast, world, where, pap):
    case = CaseFactory(owner_org=cast.owner_org, marker="undercover", pap=pap if where == "case" else PAP.GREEN)
    advert = AdvertFactory(
        owner_org=cast.owner_org,
        marker="covert ad",
        case=case,
        platform=world["hub"],
        url="https://hub.example/i/2",
        pap=pap if where == "advert" else PAP.GREEN,
    )
    client = client_for(cast.owner_editor)
    response = client.post(reverse("referrals:create"), {**world["data"], "adverts": [advert.pk]})
    assert response.status_code == 400
    assert f"PAP:{pap.upper()}" in response.content.decode()
    assert not Referral.bypass_policy.filter(advert=advert).exists()


def test_referring_a_batch_and_hidden_adverts(cast, world):
    case = CaseFactory(owner_org=cast.owner_org, marker="batch case", pap=PAP.GREEN)
    ads = [
        AdvertFactory(
            owner_org=cast.owner_org,
            marker=f"b{i}",
            case=case,
            platform=world["chat"],
            url=f"https://chat.example/{i}",
            pap=PAP.GREEN,
        )
        for i in range(2)
    ]
    client = client_for(cast.owner_editor)
    response = client.post(reverse("referrals:create"), {**world["data"], "adverts": [a.pk for a in ads]})
    assert response.status_code == 302
    batch = Referral.bypass_policy.filter(advert__in=ads)
    assert batch.count() == 2 and len({r.batch for r in batch}) == 1 and batch[0].batch
    hidden = AdvertFactory(
        owner_org=cast.outsider_org, marker="HIDDEN-AD-x1", platform=world["chat"], url="https://c/9"
    )
    response = client.post(reverse("referrals:create"), {**world["data"], "adverts": [hidden.pk]})
    assert response.status_code == 400 and "HIDDEN-AD-x1" not in response.content.decode()
    response = client.post(reverse("referrals:create"), {**world["data"], "tlp": "red", "adverts": [ads[0].pk]})
    assert response.status_code == 400


def test_referrals_carry_no_share_link_ids():
    assert without_tracking("https://Hub.example/i/7/?igshid=abc&colour=red&utm_source=x&si=q#photos") == (
        "https://Hub.example/i/7/?colour=red"
    )


def test_normalise_url():
    assert (
        normalise_url("https://WWW.Hub.Example/item/1/?utm_source=x&b=2&a=1#frag")
        == "https://hub.example/item/1?a=1&b=2"
    )
    assert normalise_url("HTTPS://hub.example/item/1") == normalise_url("https://hub.example/item/1/?fbclid=abc")


def _png(name="shot.png", extra=b""):
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"0" * 32 + extra, content_type="image/png")


@pytest.fixture
def scheme(cast):
    volunteer = member(cast.space_org, role=Role.VOLUNTEER, email="spotter@space.test", full_name="VOLUNTEER-NAME-r7")
    return volunteer


def test_volunteer_reports_checked_by_content_deduplicated_and_audited(cast, scheme, settings):
    client = client_for(scheme)
    url = reverse("referrals:report-create")
    fake = SimpleUploadedFile("shot.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(url, {"url": "https://hub.example/i/5", "screenshot": fake})
    assert response.status_code == 400 and "PNG, JPEG" in response.content.decode()
    settings.REFERRALS_MAX_SCREENSHOT_BYTES = 20
    assert client.post(url, {"url": "https://hub.example/i/5", "screenshot": _png()}).status_code == 400
    settings.REFERRALS_MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024
    assert client.post(url, {"url": "not a url"}).status_code == 400
    response = client.post(
        url, {"url": "https://Hub.example/i/5/?utm_medium=x", "text": "parrots", "screenshot": _png()}
    )
    assert response.status_code == 302
    first = VolunteerReport.bypass_policy.get()
    assert first.screenshot_type == "image/png" and first.reporter_id == scheme.pk
    client.post(url, {"url": "https://hub.example/i/5#photos", "text": "again"})
    second = VolunteerReport.bypass_policy.exclude(pk=first.pk).get()
    assert second.status == ReportStatus.DUPLICATE and second.duplicate_of_id == first.pk
    assert AuditEvent.objects.filter(action="report.submit").count() == 2
    shot = client.get(reverse("referrals:report-screenshot", args=[first.pk]))
    assert shot.status_code == 200 and shot["Content-Type"] == "image/png"


def test_volunteer_identity_stays_with_the_scheme_and_platforms_never_see_reports(cast, scheme):
    report = report_submit(actor=scheme, data={"url": "https://hub.example/i/7", "text": "REPORT-TEXT-j2"})
    assert report.owner_org_id == cast.space_org.pk and report.distribution == Distribution.ORGANISATION
    # The scheme's staff see who reported it.
    staff = client_for(cast.space_member)
    assert "VOLUNTEER-NAME-r7" in staff.get(reverse("referrals:report-detail", args=[report.pk])).content.decode()
    # Shared with an enforcement officer, who may triage it, but never learns the volunteer's name.
    assign_perm("referrals.view_volunteerreport", cast.outsider, report)
    body = client_for(cast.outsider).get(reverse("referrals:report-detail", args=[report.pk])).content.decode()
    assert "REPORT-TEXT-j2" in body and "VOLUNTEER-NAME-r7" not in body and "[redacted]" in body
    # A platform's user can be given no grant to it, and does not see it.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        assign_perm("referrals.view_volunteerreport", cast.other_sector, report)
    assert client_for(cast.other_sector).get(reverse("referrals:report-detail", args=[report.pk])).status_code == 404
    # A referral made from it names neither the volunteer nor the scheme's text to the platform.
    hub = PlatformFactory(organisation=cast.platform_org, name="Hub")
    VolunteerReport.bypass_policy.filter(pk=report.pk).update(platform=hub, listing_id="H-7")
    data = {
        "action": "referral",
        "ref-reason": "Parrots",
        "ref-legal_basis": "Law",
        "ref-requested_action": "remove",
        "ref-tlp": "amber",
    }
    assert staff.post(reverse("referrals:report-detail", args=[report.pk]), data).status_code == 302
    body = client_for(cast.other_sector).get(reverse("referrals:queue")).content.decode()
    assert "hub.example/i/7" in body and "VOLUNTEER-NAME-r7" not in body and "REPORT-TEXT-j2" not in body
    assert VolunteerReport.bypass_policy.get(pk=report.pk).status == ReportStatus.REFERRED


def test_volunteer_reports_cannot_be_sent_towards_platforms(cast, scheme):
    """The write side of the rule the policy enforces: each route towards a platform is refused by name."""
    from django.core.exceptions import ValidationError

    from portal.access.policy import who_can_view
    from portal.access.services import shareable_update
    from referrals.models import VolunteerReportGroupGrant
    from tests.factories import space

    report = report_submit(actor=scheme, data={"url": "https://hub.example/i/8", "text": "REPORT-TEXT-s5"})
    share = reverse("access:share", args=["referrals.VolunteerReport", report.pk])
    editor = client_for(cast.space_member)
    # The share dialog refuses a space that holds a platform, and says why; a space without one is fine.
    response = editor.post(share, {"space": cast.other_space.pk})
    assert response.status_code == 400
    assert "never shared with the Online platform sector" in response.content.decode()
    assert cast.other_space.name in response.content.decode()
    assert not VolunteerReportGroupGrant.objects.filter(content_object=report).exists()
    assert editor.post(share, {"space": cast.space.pk}).status_code == 302
    assert editor.post(share, {"email": cast.other_sector.email}).status_code == 400
    # Never public, and never shared into a space that holds a platform's user.
    mixed = space(cast.space_org, cast.other_sector, name="Mixed room")
    for data, spaces, field in (
        ({"distribution": Distribution.PUBLIC, "tlp": TLP.CLEAR}, None, "distribution"),
        ({"distribution": Distribution.SPACES}, [mixed], "spaces"),
    ):
        with pytest.raises(ValidationError) as refused:
            shareable_update(actor=cast.space_member, obj=report, data=data, expected_version=1, spaces=spaces)
        assert field in refused.value.message_dict
    # Shared with the whole community, it still reaches no platform member, in pages or notifications.
    VolunteerReport.bypass_policy.filter(pk=report.pk).update(distribution=Distribution.COMMUNITY)
    report.refresh_from_db()
    audience = set(who_can_view(report))
    assert cast.outsider in audience and cast.other_sector not in audience
    assert client_for(cast.other_sector).get(reverse("referrals:report-detail", args=[report.pk])).status_code == 404


def test_triage_links_a_report_to_an_advert_already_known(cast, scheme):
    """Journey 5: the coordinator finds the reported listing among the adverts she may see, and links it."""
    hub = PlatformFactory(organisation=cast.platform_org, name="Hub")
    known = AdvertFactory(
        owner_org=cast.owner_org,
        marker="KNOWN-AD-m3",
        distribution=Distribution.COMMUNITY,
        tlp=TLP.GREEN,
        url="https://www.hub.example/item/5/?utm_source=feed",
        platform=hub,
    )
    AdvertFactory(  # another address, the same listing id on the same platform
        owner_org=cast.owner_org,
        marker="SAME-LISTING-AD-m4",
        distribution=Distribution.COMMUNITY,
        tlp=TLP.GREEN,
        url="https://hub.example/moved/77",
        listing_id="L-5",
        platform=hub,
    )
    hidden = AdvertFactory(owner_org=cast.outsider_org, marker="HIDDEN-AD-m5", url="https://hub.example/item/5")
    other = AdvertFactory(
        owner_org=cast.owner_org, marker="OTHER-AD-m6", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN,
        url="https://hub.example/item/6",
    )  # fmt: skip
    report = report_submit(actor=scheme, data={"url": "https://hub.example/item/5", "text": "ivory bangles"})
    VolunteerReport.bypass_policy.filter(pk=report.pk).update(platform=hub, listing_id="L-5")
    url = reverse("referrals:report-detail", args=[report.pk])
    coordinator = client_for(cast.space_member)
    body = coordinator.get(url).content.decode()
    assert "KNOWN-AD-m3" in body and "SAME-LISTING-AD-m4" in body
    assert "HIDDEN-AD-m5" not in body and "OTHER-AD-m6" not in body

    def link(advert_id):
        return coordinator.post(url, {"action": "link", "link-advert": advert_id, "link-note": "seen in March"})

    assert link(hidden.pk).status_code == 404  # as if it did not exist
    refused = link(other.pk)
    assert refused.status_code == 400 and "shows another listing" in refused.content.decode()
    assert link("abc").status_code == 400
    assert VolunteerReport.bypass_policy.get(pk=report.pk).advert_id is None
    assert link(known.pk).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.advert_id, report.triage_note) == (ReportStatus.DUPLICATE, known.pk, "seen in March")
    event = AuditEvent.objects.filter(action="report.triage").latest("pk")
    assert event.detail == {"to": "duplicate", "advert": known.pk}
    assert known.case.reference in coordinator.get(url).content.decode()
    # The platform learns nothing: the report stays out of its reach, and no referral was sent.
    assert client_for(cast.other_sector).get(url).status_code == 404
    assert not Referral.objects.visible_to(cast.other_sector).exists()


def test_a_volunteer_sees_only_their_own_reports(cast, scheme):
    other = member(cast.space_org, role=Role.VOLUNTEER, email="other@space.test")
    mine = report_submit(actor=scheme, data={"url": "https://x.example/1", "text": "MINE-1"})
    theirs = report_submit(actor=other, data={"url": "https://x.example/2", "text": "THEIRS-2"})
    client = client_for(scheme)
    body = client.get(reverse("referrals:report-list")).content.decode()
    assert "MINE-1" in body and "THEIRS-2" not in body
    assert client.get(reverse("referrals:report-detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("referrals:report-detail", args=[mine.pk]), {"action": "triage"}).status_code == 403


def test_triage_into_a_case_as_an_advert(cast, scheme):
    report = report_submit(actor=scheme, data={"url": "https://x.example/3", "text": "to a case"})
    case = CaseFactory(owner_org=cast.space_org, marker="NGO case")
    client = client_for(cast.space_member)
    url = reverse("referrals:report-detail", args=[report.pk])
    response = client.post(url, {"action": "advert", "adv-case": case.pk, "adv-title": "Parrot chicks"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ADVERT and report.advert.case_id == case.pk
    assert client.post(url, {"action": "triage", "status": "dismissed"}).status_code == 302
    assert client.post(url, {"action": "nonsense"}).status_code == 400


def test_metrics_page_has_charts_and_tables(cast, world):
    hub = client_for(world["hub_user"])
    hub.post(f"/api/v1/referral-queue/{world['to_hub'].pk}/answer/", {"state": "removed"})
    for user in (cast.owner_editor, world["hub_user"]):
        response = client_for(user).get(reverse("reports:takedown-metrics"))
        body = response.content.decode()
        assert response.status_code == 200 and "data:image/svg+xml;base64," in body and "Hub" in body
    body = client_for(world["chat_user"]).get(reverse("reports:takedown-metrics")).content.decode()
    assert "Hub" not in body


def test_referrals_api_is_in_the_openapi_schema(cast):
    schema = client_for(cast.owner_editor).get("/api/v1/schema/").content.decode()
    assert "/api/v1/referral-queue/{id}/answer/" in schema and "/api/v1/referrals/" in schema


def test_a_platform_answers_through_the_api_with_its_token(cast, world):
    from portal.accounts.services import create_token

    _token, raw = create_token(user=world["hub_user"], name="takedown bot", days=30)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    pk = world["to_hub"].pk
    rows = client.get("/api/v1/referral-queue/").json()["results"]
    assert [row["id"] for row in rows] == [pk]
    response = client.post(f"/api/v1/referral-queue/{pk}/answer/", {"state": "suspended", "note": "Account closed"})
    assert response.status_code == 200 and response.json()["removed_at"]
    assert client.post(f"/api/v1/referral-queue/{world['to_chat'].pk}/answer/", {"state": "removed"}).status_code == 404
    assert Client().get("/api/v1/referral-queue/").status_code in (401, 403)


def test_metric_summary_rates_and_percentiles():
    import datetime

    from reports.takedown import percentile as _percentile
    from reports.takedown import summary as _summary

    t0 = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]
    rows = [
        (i, "Hub", t0, t0 + datetime.timedelta(hours=h), t0 if i < 2 else None, "removed") for i, h in enumerate(hours)
    ]
    rows += [(99, "Hub", t0, None, None, "refused")] * 10
    summary = _summary(rows)
    assert summary["referrals"] == 20 and summary["removal_rate"] == 50.0
    assert summary["median_hours"] == 5.5 and summary["p90_hours"] == 9.0 and summary["relisting_rate"] == 20.0
    assert _percentile([], 90) is None


def test_platforms_neither_refer_nor_submit_reports(cast, world):
    client = client_for(world["hub_user"])
    response = client.post(reverse("referrals:create"), {**world["data"], "adverts": [world["advert"].pk]})
    assert response.status_code in (400, 403)
    assert not Referral.bypass_policy.filter(author=world["hub_user"]).exists()
    assert client.post(reverse("referrals:report-create"), {"url": "https://hub.example/x"}).status_code == 403
    assert not VolunteerReport.bypass_policy.exists()

"""Party reports: content follows the chosen TLP and the policy, real PDFs, a locked-down renderer, submission."""

import datetime
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from portal.access.models import TLP, Distribution
from portal.audit.models import AuditEvent
from portal.orgs.models import CitesParty, Role, Sector, party_of
from reports.builders import party_report_context
from reports.models import BuildKind, BuildStatus, PartyReport, ReportBuild, ReportStatus
from reports.pdf import StaticOnlyFetcher, render_pdf
from reports.services import build_request, report_create, report_submit, report_update, secretariat_space_name
from tests.factories import (
    CitesPartyFactory,
    DocumentFactory,
    OrganisationFactory,
    PartyReportFactory,
    client_for,
    member,
    space,
)


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def authority(db):
    org = OrganisationFactory(name="Kenya CITES MA", sector=Sector.CITES_AUTHORITY, country="KE")
    return org, member(org, role=Role.CONTRIBUTOR, email="officer@ke-ma.test")


@pytest.fixture
def secretariat(db):
    org = OrganisationFactory(name="CITES Secretariat", sector=Sector.IGO, country="CH")
    officer = member(org, role=Role.CONTRIBUTOR, email="officer@cites.test")
    s = space(org, name=secretariat_space_name())
    return org, officer, s


def _docs(org, author):
    green = DocumentFactory(
        owner_org=org, marker="GREEN-LAW 野生动物保护法", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
    )
    red = DocumentFactory(owner_org=org, marker="RED-SECRET-LAW", distribution=Distribution.ORGANISATION, tlp=TLP.RED)
    amber = DocumentFactory(owner_org=org, marker="AMBER-LAW", distribution=Distribution.ORGANISATION, tlp=TLP.AMBER)
    for doc in (green, red, amber):
        doc.kind = "legislation"
        doc.save()
    return green, red, amber


def test_a_red_record_never_appears_in_a_green_report(authority):
    org, officer = authority
    _docs(org, officer)
    report = PartyReportFactory(owner_org=org, marker="KE report", tlp=TLP.GREEN, author=officer, legislation="")
    build = build_request(actor=officer, kind=BuildKind.PARTY, report=report)
    assert build.status == BuildStatus.DONE, build.error
    with default_storage.open(build.file.name, "rb") as handle:
        data = handle.read()
    text = pdf_text(data)
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "WenQuanYi" in fonts  # the CJK font is embedded, not a fallback box
    assert "GREEN-LAW" in text
    assert "野生动物保护法" in text  # non-Latin text renders through the CJK font
    assert "RED-SECRET-LAW" not in text
    assert "AMBER-LAW" not in text
    # The most restricted content is GREEN: every page header says so, and pages are numbered.
    pages = text.split("\f")
    assert build.pages >= 5 and all("TLP:GREEN" in page for page in pages if page.strip())
    assert "Contents" in text and f"2 / {build.pages}" in text
    headings = ["national legislation", "codes of conduct", "Best practice models", "Results of research", "Trends"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)


def test_an_amber_report_includes_amber_and_its_header_says_amber(authority):
    org, officer = authority
    _docs(org, officer)
    report = PartyReportFactory(owner_org=org, marker="KE amber", tlp=TLP.AMBER, author=officer)
    context = party_report_context(report)
    titles = {doc.title for doc in context["narratives"][0]["documents"]}
    assert "AMBER-LAW" in titles and "RED-SECRET-LAW" not in titles
    assert context["header_tlp"] == TLP.AMBER


def test_content_is_what_the_author_may_see(authority, cast):
    org, officer = authority
    hidden = DocumentFactory(
        owner_org=cast.outsider_org, marker="OTHER-ORG-LAW", distribution=Distribution.ORGANISATION, tlp=TLP.GREEN
    )
    hidden.kind = "legislation"
    hidden.save()
    report = PartyReportFactory(owner_org=org, marker="KE scope", tlp=TLP.AMBER, author=officer)
    context = party_report_context(report)
    assert "OTHER-ORG-LAW" not in {d.title for n in context["narratives"] for d in n["documents"]}


def test_renderer_refuses_files_and_network():
    fetcher = StaticOnlyFetcher()
    html = (
        '<p>fetch test</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
        '<img src="https://example.org/x.png"><link rel="stylesheet" href="file:///etc/hostname">'
        '<link rel="stylesheet" href="portal/portal.css">'
    )
    data, pages = render_pdf(html, fetcher=fetcher)
    assert set(fetcher.refused) == {
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "file:///etc/hostname",
    }
    assert "root:" not in pdf_text(data)
    assert fetcher.allowed("data:image/png;base64,AAAA")
    assert not fetcher.allowed("file:///work/main/portal/static/../settings.py")


def test_create_prefills_from_the_partys_documents_and_edits_keep_versions(authority):
    org, officer = authority
    _docs(org, officer)
    CitesPartyFactory()
    client = client_for(officer)
    response = client.post(
        reverse("reports:party-create"),
        {
            "party": CitesPartyFactory().pk, "title": "Kenya 2026", "period_start": "2026-01-01", "period_end": "2026-12-31",
            "distribution": "organisation", "tlp": "green", "pap": "green",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    report = PartyReport.bypass_policy.get(title="Kenya 2026")
    assert "GREEN-LAW" in report.legislation and "RED-SECRET-LAW" not in report.legislation
    edit = {
        "party": CitesPartyFactory().pk, "title": "Kenya 2026", "period_start": "2026-01-01", "period_end": "2026-12-31",
        "legislation": "Edited narrative", "distribution": "organisation", "tlp": "green", "pap": "green",
        "version": report.version,
    }  # fmt: skip
    assert client.post(reverse("reports:party-edit", args=[report.pk]), edit).status_code == 302
    assert list(report.versions.values_list("number", flat=True)) == [2, 1]
    bad = {**edit, "period_end": "2025-01-01", "version": report.version + 1}
    response = client.post(reverse("reports:party-edit", args=[report.pk]), bad)
    assert response.status_code == 200 and "must end after it starts" in response.content.decode()


def test_submission_shares_with_the_secretariat(authority, secretariat):
    org, officer = authority
    _sec_org, sec_officer, _space = secretariat
    report = PartyReportFactory(owner_org=org, marker="KE submitted", tlp=TLP.GREEN, author=officer)
    assert not PartyReport.objects.visible_to(sec_officer).filter(pk=report.pk).exists()
    client = client_for(officer)
    assert client.post(reverse("reports:party-submit", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert PartyReport.objects.visible_to(sec_officer).filter(pk=report.pk).exists()
    assert report.versions.first().status == ReportStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="report.submit", object_id=str(report.pk)).exists()
    # Once submitted it is kept as submitted.
    assert client.get(reverse("reports:party-edit", args=[report.pk])).status_code == 200
    response = client.post(reverse("reports:party-submit", args=[report.pk]))
    assert response.status_code == 400


def test_a_red_report_cannot_go_to_the_secretariat(authority, secretariat):
    org, officer = authority
    report = PartyReportFactory(owner_org=org, marker="KE red", tlp=TLP.RED, author=officer)
    with pytest.raises(ValidationError):
        report_submit(actor=officer, report=report)


def test_compilation_groups_submitted_reports_and_is_for_its_builder_only(authority, secretariat):
    org, officer = authority
    _sec_org, sec_officer, _space = secretariat
    interpol = OrganisationFactory(name="INTERPOL", sector=Sector.IGO, country="FR")
    interpol_user = member(interpol, email="analyst@interpol.test")
    submitted = PartyReportFactory(
        owner_org=org, marker="KE compiled", tlp=TLP.GREEN, author=officer, legislation="KENYA-LAW-CHANGE",
        trends="KENYA-TREND",
    )  # fmt: skip
    report_submit(actor=officer, report=submitted)
    PartyReportFactory(owner_org=org, marker="KE draft", tlp=TLP.GREEN, author=officer, legislation="DRAFT-ONLY")
    partner = PartyReportFactory(
        owner_org=interpol, marker="INTERPOL note", tlp=TLP.GREEN, author=interpol_user, research="INTERPOL-COURSE",
        party=CitesPartyFactory(),
    )  # fmt: skip
    report_submit(actor=interpol_user, report=partner)
    build = build_request(
        actor=sec_officer, kind=BuildKind.COMPILATION, params={"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert build.status == BuildStatus.DONE, build.error
    with default_storage.open(build.file.name, "rb") as handle:
        text = pdf_text(handle.read())
    assert "KENYA-LAW-CHANGE" in text and "KENYA-TREND" in text and "DRAFT-ONLY" not in text
    assert text.index("KENYA-LAW-CHANGE") < text.rindex("ICCWC) partners") < text.rindex("INTERPOL-COURSE")
    assert "Kenya" in text
    client = client_for(sec_officer)
    assert client.get(reverse("reports:build-download", args=[build.pk])).status_code == 200
    client.force_login(officer)
    assert client.get(reverse("reports:build-download", args=[build.pk])).status_code == 404
    assert client.get(reverse("reports:build-status", args=[build.pk])).status_code == 404
    bad = client.get(reverse("reports:compilation"), {"start": "2026-12-31", "end": "2026-01-01"})
    assert bad.status_code == 400 and "must end after it starts" in bad.content.decode()


def test_build_pages_show_progress_and_downloads_are_audited(authority):
    org, officer = authority
    report = PartyReportFactory(owner_org=org, marker="KE build", tlp=TLP.GREEN, author=officer)
    client = client_for(officer)
    response = client.post(reverse("reports:party-build", args=[report.pk]))
    build = ReportBuild.objects.filter(report=report).order_by("-pk").first()
    assert response.status_code == 302 and build.status == BuildStatus.DONE and build.progress == 100
    page = client.get(reverse("reports:build-status", args=[build.pk]), headers={"HX-Request": "true"})
    assert page.status_code == 200 and "Download PDF" in page.content.decode()
    download = client.get(reverse("reports:build-download", args=[build.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="report.download", object_id=str(report.pk)).exists()
    reader = member(org, role=Role.READER)
    client.force_login(reader)
    assert client.post(reverse("reports:party-build", args=[report.pk])).status_code == 403


def test_usage_is_for_portal_admins(authority):
    org, officer = authority
    client = client_for(officer)
    assert client.get(reverse("reports:usage")).status_code == 404
    DocumentFactory(owner_org=org, marker="usage doc")
    from portal.audit.services import audit

    audit(actor=officer, action="record.create")
    audit(actor=officer, action="record.view")
    officer.is_staff = True
    officer.save()
    response = client.get(reverse("reports:usage"))
    body = response.content.decode()
    assert response.status_code == 200 and "CITES authority" in body
    assert datetime.date.today().strftime("%Y-%m") in body


def test_a_report_never_widens_what_another_organisation_shared_with_a_space(authority):
    org, officer = authority
    other = OrganisationFactory(name="Kenya police", sector=Sector.ENFORCEMENT, country="KE")
    room = space(org, other, name="KE room")
    shared = DocumentFactory(
        owner_org=other, marker="SPACE-ONLY-LAW", distribution=Distribution.SPACES, tlp=TLP.GREEN, spaces=[room]
    )
    community = DocumentFactory(
        owner_org=other, marker="COMMUNITY-LAW", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN
    )
    for doc in (shared, community):
        doc.kind = "legislation"
        doc.save()
    report = PartyReportFactory(owner_org=org, marker="KE release", tlp=TLP.GREEN, author=officer)
    titles = {d.title for n in party_report_context(report)["narratives"] for d in n["documents"]}
    assert "COMMUNITY-LAW" in titles
    assert "SPACE-ONLY-LAW" not in titles  # the author sees it, but the report may be shared more widely


def _new_report_form(title: str, **extra) -> dict:
    return {
        "title": title, "period_start": "2026-01-01", "period_end": "2026-12-31",
        "distribution": "organisation", "tlp": "green", "pap": "green", **extra,
    }  # fmt: skip


def test_a_party_report_is_for_the_party_of_its_authors_organisation(authority):
    org, officer = authority
    tanzania = CitesParty.objects.get(code="TZ")
    client = client_for(officer)
    page = client.get(reverse("reports:party-create")).content.decode()
    assert "For the CITES Party: <strong>Kenya</strong>" in page and 'name="party"' not in page
    response = client.post(reverse("reports:party-create"), _new_report_form("Posing as Tanzania", party=tanzania.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    report = PartyReport.bypass_policy.get(title="Posing as Tanzania")
    assert report.party.code == "KE" and report.owner_org == org
    edit = {**_new_report_form("Posing as Tanzania", party=tanzania.pk), "version": report.version}
    assert client.post(reverse("reports:party-edit", args=[report.pk]), edit).status_code == 302
    report.refresh_from_db()
    assert report.party.code == "KE"
    # Through the service, naming a Party is refused, naming the field.
    with pytest.raises(ValidationError) as refused:
        report_create(actor=officer, data={"party": tanzania, "title": "Via the service", "period_start":
                      datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 12, 31)})  # fmt: skip
    assert "party" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        report_update(actor=officer, report=report, data={"party": tanzania}, expected_version=report.version)
    assert "party" in refused.value.error_dict
    report.refresh_from_db()
    assert report.party.code == "KE"


def test_an_organisation_with_no_party_cannot_write_a_party_report(db):
    nowhere = OrganisationFactory(name="Stateless NGO", sector=Sector.NGO, country="")
    writer = member(nowhere, role=Role.CONTRIBUTOR, email="writer@stateless.test")
    client = client_for(writer)
    assert "cannot write a Party report" in client.get(reverse("reports:party-create")).content.decode()
    response = client.post(reverse("reports:party-create"), _new_report_form("No Party", party=CitesPartyFactory().pk))
    assert response.status_code == 200 and "Stateless NGO is not the body of a CITES Party" in response.content.decode()
    assert not PartyReport.bypass_policy.filter(title="No Party").exists()


def test_party_of_maps_a_country_and_an_eu_body(db):
    assert party_of(OrganisationFactory(name="KE body", country="KE")).code == "KE"
    assert party_of(OrganisationFactory(name="EU body", country="EU")).code == "EU"
    assert party_of(OrganisationFactory(name="No country", country="")) is None
    assert party_of(None) is None


def test_the_compilation_names_the_submitting_organisation(authority, secretariat):
    org, officer = authority
    _sec_org, sec_officer, _space = secretariat
    report = report_create(
        actor=officer,
        data={"title": "KE named", "period_start": datetime.date(2026, 1, 1), "period_end": datetime.date(2026, 12, 31),
              "distribution": Distribution.ORGANISATION, "tlp": TLP.GREEN},
    )  # fmt: skip
    PartyReport.bypass_policy.filter(pk=report.pk).update(legislation="KENYA-NAMED-LAW")
    report_submit(actor=officer, report=report)
    client = client_for(sec_officer)
    page = client.get(reverse("reports:compilation"), {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert "<td>Kenya</td><td>Kenya CITES MA</td>" in page
    listing = client.get(reverse("reports:party-list")).content.decode()
    assert "<td>Kenya</td><td>Kenya CITES MA</td>" in listing
    build = build_request(
        actor=sec_officer, kind=BuildKind.COMPILATION, params={"start": "2026-01-01", "end": "2026-12-31"}
    )
    with default_storage.open(build.file.name, "rb") as handle:
        text = " ".join(pdf_text(handle.read()).split())
    assert "Kenya (submitted by Kenya CITES MA): KENYA-NAMED-LAW" in text

"""The callers of portal.files: a refused file is a 400 naming the field (API and pages); the downloads keep
their audit actions and send the private headers."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Evidence
from portal.audit.models import AuditEvent
from portal.orgs.models import Role
from referrals.models import VolunteerReport
from tests.factories import CaseFactory, client_for, member

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n% evidence\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"0" * 32


def test_evidence_through_the_api_is_checked_hashed_and_served_privately(cast):
    case = CaseFactory(owner_org=cast.owner_org, marker="Evidence case")
    client = client_for(cast.owner_editor)
    url = reverse("api:case-evidence-list")
    data = {"case": case.pk, "kind": "document", "description": "Invoice", "distribution": "organisation"}
    refused = client.post(url, {**data, "upload": SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00" * 8)})
    assert refused.status_code == 400 and "not an accepted file type" in refused.json()["upload"][0]
    assert not Evidence.bypass_policy.exists()
    created = client.post(url, {**data, "upload": SimpleUploadedFile("invoice", PDF_BYTES)})
    assert created.status_code == 201, created.content
    evidence = Evidence.bypass_policy.get()
    assert evidence.name == "invoice.pdf" and evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    response = client.get(reverse("cases:evidence-download", args=[evidence.pk]))
    assert response.content == PDF_BYTES and response["Content-Disposition"] == 'attachment; filename="invoice.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="evidence.download", object_id=str(evidence.pk)).exists()


def test_a_screenshot_is_an_image_by_content_and_is_shown_inline_privately(cast):
    volunteer = member(cast.space_org, role=Role.VOLUNTEER, email="spotter@files.test")
    client = client_for(volunteer)
    url = reverse("referrals:report-create")
    pdf_named_png = SimpleUploadedFile("shot.png", PDF_BYTES, content_type="image/png")
    refused = client.post(url, {"url": "https://hub.example/i/1", "screenshot": pdf_named_png})
    assert refused.status_code == 400
    assert refused.context["form"].errors["screenshot"] == ["The screenshot must be a PNG, JPEG, GIF or WebP image."]
    shot = SimpleUploadedFile("shot.png", PNG_BYTES, content_type="image/png")
    assert client.post(url, {"url": "https://hub.example/i/1", "screenshot": shot}).status_code == 302
    report = VolunteerReport.bypass_policy.get()
    assert report.screenshot_sha256 == hashlib.sha256(PNG_BYTES).hexdigest()
    response = client.get(reverse("referrals:report-screenshot", args=[report.pk]))
    assert response.content == PNG_BYTES and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'inline; filename="report-{report.pk}"'
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="report.screenshot", object_id=str(report.pk)).exists()

"""private_download: the headers of a private file, whole or streamed, inline or attached, and its audit row."""

import pytest
from django.core.files.storage import default_storage
from django.http import Http404

from portal.access.models import TLP, Distribution
from portal.audit.models import AuditEvent
from portal.files.downloads import private_download
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(cast):
    doc = DocumentFactory(owner_org=cast.owner_org, marker="FILE-m1", distribution=Distribution.PUBLIC, tlp=TLP.CLEAR)
    return doc.attachments.get()


def serve(attachment, actor, **kwargs):
    options = {"filename": attachment.name, "content_type": attachment.content_type, **kwargs}
    return private_download(
        attachment.file,
        actor=actor,
        audit_action="document.download",
        audit_obj=attachment.document,
        audit_detail={"attachment": attachment.pk},
        **options,
    )


def test_small_file_in_one_response_with_private_headers_and_an_audit_row(attachment, cast, media_root):
    assert (media_root / attachment.file.name).is_file()  # real storage, real file
    response = serve(attachment, cast.outsider)
    assert not response.streaming and b"FILE-m1" in response.content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sweep.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == str(len(response.content))
    event = AuditEvent.objects.get(action="document.download")
    assert event.actor == cast.outsider and event.object_id == str(attachment.document_id)
    assert event.detail == {"attachment": attachment.pk}


def test_larger_file_is_streamed_with_the_same_headers(attachment, cast, settings):
    settings.LIBRARY_INLINE_DOWNLOAD_BYTES = 8
    response = serve(attachment, cast.outsider)
    assert response.streaming and b"FILE-m1" in b"".join(response.streaming_content)
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment;")
    # The caller's own limit wins over the setting.
    assert not serve(attachment, cast.outsider, whole_up_to=10_000).streaming


def test_inline_with_a_safe_name(attachment, cast):
    response = serve(attachment, cast.outsider, filename="../../secret\r\nX-Evil: 1.pdf", as_attachment=False)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;") and "/" not in disposition and "\n" not in disposition


def test_a_lost_file_answers_404_after_the_audit_row(attachment, cast):
    default_storage.delete(attachment.file.name)
    with pytest.raises(Http404):
        serve(attachment, cast.outsider)
    assert AuditEvent.objects.filter(action="document.download").count() == 1

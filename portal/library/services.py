"""Writes to the library: documents through the shared services, attachments checked by content."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.access.policy import can_change, get_visible_or_404, member_policy
from portal.access.services import linked_ids, shareable_create
from portal.audit.services import audit
from portal.files.uploads import accept_upload
from portal.library.models import MATRIX_QUESTIONS, Attachment, Document, LegislationEntry


@transaction.atomic
def attachment_add(*, actor, document: Document, upload) -> Attachment:
    """Store one file of a document in default storage, after checking its content, size and the actor's right."""
    if not can_change(actor, document):
        raise PermissionDenied(_("You may not change this document."))
    accepted = accept_upload(upload=upload, max_bytes=settings.LIBRARY_MAX_UPLOAD_BYTES, field="files")
    attachment = Attachment(
        document=document,
        name=accepted.name,
        content_type=accepted.content_type,
        size=accepted.size,
        sha256=accepted.sha256,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    accepted.save_to(attachment.file, accepted.name)
    attachment.save()
    audit(
        actor=actor,
        action="document.attachment.add",
        obj=document,
        detail={"attachment": attachment.pk, "sha256": attachment.sha256, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def document_create(*, actor, data: dict, spaces=(), files=(), translations=(), supersedes=None):
    """A new document, or a new version of one the actor may change; with its files and translations."""
    if supersedes is not None:
        # Re-read through the policy inside the transaction: the old version must still be the actor's to change.
        supersedes = get_visible_or_404(Document.objects.select_for_update(), actor, pk=supersedes.pk)
        if not can_change(actor, supersedes):
            raise PermissionDenied(_("You may not issue a new version of this document."))
        if Document.bypass_policy.filter(supersedes=supersedes).exists():
            raise ValidationError(_("This version has already been superseded; open its newest version."))
        data = {**data, "supersedes": supersedes}
    document = shareable_create(actor=actor, model=Document, data=data, spaces=spaces)
    document_set_translations(actor=actor, document=document, translations=translations)
    for upload in files:
        attachment_add(actor=actor, document=document, upload=upload)
    return document


def document_set_translations(*, actor, document: Document, translations) -> None:
    """Link translations the actor can see; links to documents hidden from the actor are kept as they were."""
    visible = set(Document.objects.visible_to(actor).values_list("pk", flat=True))
    chosen = {d.pk for d in translations if d.pk in visible and d.pk != document.pk}
    current = linked_ids(document, "translations")
    document.translations.remove(*((current & visible) - chosen))
    document.translations.add(*(chosen - current))


def current_versions(qs, user):
    """Documents not superseded by a newer version that the user can see."""
    newer = Document.objects.visible_to(user).filter(supersedes__isnull=False).values("supersedes_id")
    return qs.exclude(pk__in=newer)


def version_history(document: Document, user) -> list[Document]:
    """Older and newer versions of a document that the user can see, newest first."""
    chain_ids = []
    older = document.supersedes_id
    while older is not None and len(chain_ids) < 100:
        chain_ids.append(older)
        older = Document.bypass_policy.filter(pk=older).values_list("supersedes_id", flat=True).first()
    newer = Document.bypass_policy.filter(supersedes_id=document.pk).values_list("pk", flat=True).first()
    while newer is not None and len(chain_ids) < 200:
        chain_ids.append(newer)
        newer = Document.bypass_policy.filter(supersedes_id=newer).values_list("pk", flat=True).first()
    return list(Document.objects.visible_to(user).filter(pk__in=chain_ids).order_by("-created_at", "-id"))


def can_keep_matrix(user) -> bool:
    return member_policy.can(user, "keep_matrix")


def _check_sources(actor, data: dict) -> None:

    visible = Document.objects.visible_to(actor)
    for name, _question in MATRIX_QUESTIONS:
        source = data.get(f"{name}_source")
        if source is not None and not visible.filter(pk=source.pk).exists():
            raise ValidationError({f"{name}_source": _("Choose a document you can see.")})


@transaction.atomic
def matrix_entry_create(*, actor, data: dict, spaces=()):
    """A legislation matrix entry owned by the actor's CITES authority (or IGO)."""

    if not can_keep_matrix(actor):
        raise PermissionDenied(_("Only contributors of a CITES authority or an IGO keep the legislation matrix."))
    _check_sources(actor, data)
    return shareable_create(actor=actor, model=LegislationEntry, data=data, spaces=spaces)

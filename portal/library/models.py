"""The knowledge library: documents (SOPs, guidelines, research, legislation, ...) and their attachments."""

import uuid

from django.conf import settings
from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.access.models import Shareable
from portal.access.policy import PolicyManager


class DocumentKind(models.TextChoices):
    SOP = "sop", _("Standard operating procedure")
    GUIDELINE = "guideline", _("Guideline")
    PLANNING_TEMPLATE = "planning_template", _("Operational planning template")
    RESEARCH_PAPER = "research_paper", _("Research paper")
    METHODOLOGY = "methodology", _("Methodology")
    MONITORING_REPORT = "monitoring_report", _("Monitoring report")
    TREND_REPORT = "trend_report", _("Trend report")
    LEGISLATION = "legislation", _("Legislation or domestic measure")
    BEST_PRACTICE = "best_practice", _("Best practice")
    CASE_STUDY = "case_study", _("Case study")
    AWARENESS = "awareness", _("Awareness material")
    TRAINING = "training", _("Training material")


class Document(Shareable):
    """A knowledge document shared by an organisation: text in Markdown, files, and links to its versions."""

    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    language = models.CharField(_("language"), max_length=10, choices=ALL_LANGUAGES, default="en", db_index=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    # Free-text scientific names until the lexicon's taxa can be linked (the core imports no domain app).
    taxa = models.JSONField(_("taxa"), default=list, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    translations = models.ManyToManyField("self", blank=True, symmetrical=True, verbose_name=_("translations"))
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )

    objects = PolicyManager()
    unrestricted = models.Manager()

    class Meta(Shareable.Meta):
        base_manager_name = "unrestricted"
        default_manager_name = "objects"
        indexes = [models.Index(fields=["-created_at", "-id"], name="document_newest")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.pk])

    def sweep_marker(self) -> str:
        return self.title


class DocumentUserGrant(UserObjectPermissionBase):
    """A per-record grant of view or change on one document to one user (guardian, direct foreign key)."""

    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)


class DocumentGroupGrant(GroupObjectPermissionBase):
    """A per-record grant of view on one document to a space's group (guardian, direct foreign key)."""

    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)


def attachment_path(instance, filename: str) -> str:
    # A random name: the stored path says nothing about the document or the uploader's file name.
    return f"library/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file of a document, checked by content on upload; served only through the document's policy."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    def get_download_url(self) -> str:
        return reverse("library:attachment-download", args=[self.document_id, self.pk])

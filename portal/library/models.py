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
    # The record's STIX id (interchange): kept, so that a re-export updates the object rather than duplicating it.
    stix_id = models.UUIDField("STIX id", default=uuid.uuid4, unique=True, editable=False)

    class Meta(Shareable.Meta):
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


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


# The questions of the legislation matrix, in display order; max_penalties is answered in words.
MATRIX_QUESTIONS = (
    ("online_offer_offence", _("Is offering a CITES-listed specimen for sale online an offence?")),
    ("permit_number_required", _("Must adverts show the CITES permit number?")),
    ("platform_removal_obligation", _("Are platforms obliged to remove adverts?")),
    ("max_penalties", _("Maximum penalties")),
    ("dedicated_unit", _("Is there a unit dedicated to wildlife crime linked to the Internet?")),
    ("platform_mou", _("Is there a memorandum of understanding with platforms?")),
)
TEXT_QUESTIONS = ("max_penalties",)


def _answer(label):
    return models.CharField(label, max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)


def _reference():
    return models.CharField(_("legal reference"), max_length=300, blank=True)


def _date():
    return models.DateField(_("as of"), null=True, blank=True)


def _source():
    return models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("source document")
    )


class LegislationEntry(Shareable):
    """How one CITES Party's law answers the matrix questions, kept by the CITES authority that maintains it."""

    party = models.ForeignKey(
        "orgs.CitesParty", on_delete=models.PROTECT, related_name="+", verbose_name=_("CITES Party")
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("E.g. the main act these answers rest on."))

    online_offer_offence = _answer(_("offering online is an offence"))
    online_offer_offence_reference = _reference()
    online_offer_offence_date = _date()
    online_offer_offence_source = _source()

    permit_number_required = _answer(_("adverts must show the permit number"))
    permit_number_required_reference = _reference()
    permit_number_required_date = _date()
    permit_number_required_source = _source()

    platform_removal_obligation = _answer(_("platforms must remove adverts"))
    platform_removal_obligation_reference = _reference()
    platform_removal_obligation_date = _date()
    platform_removal_obligation_source = _source()

    max_penalties = models.TextField(_("maximum penalties"), blank=True)
    max_penalties_reference = _reference()
    max_penalties_date = _date()
    max_penalties_source = _source()

    dedicated_unit = _answer(_("dedicated Internet wildlife crime unit"))
    dedicated_unit_reference = _reference()
    dedicated_unit_date = _date()
    dedicated_unit_source = _source()

    platform_mou = _answer(_("memorandum of understanding with platforms"))
    platform_mou_reference = _reference()
    platform_mou_date = _date()
    platform_mou_source = _source()

    class Meta(Shareable.Meta):
        verbose_name = _("legislation matrix entry")
        verbose_name_plural = _("legislation matrix entries")

    def __str__(self) -> str:
        return f"{self.party}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("library:matrix-detail", args=[self.pk])

    def sweep_marker(self) -> str:
        return self.title

    def answers(self, visible_document_ids=frozenset()) -> list[dict]:
        """One row per question; a source document is named only when the viewer can see it."""
        rows = []
        for name, question in MATRIX_QUESTIONS:
            source_id = getattr(self, f"{name}_source_id")
            rows.append(
                {
                    "name": name,
                    "question": question,
                    "answer": getattr(self, name),
                    "label": getattr(self, name) if name in TEXT_QUESTIONS else Answer(getattr(self, name)).label,
                    "is_text": name in TEXT_QUESTIONS,
                    "reference": getattr(self, f"{name}_reference"),
                    "date": getattr(self, f"{name}_date"),
                    "source_id": source_id if source_id in visible_document_ids else None,
                }
            )
        return rows


class LegislationEntryUserGrant(UserObjectPermissionBase):
    """A per-record grant of view or change on one matrix entry to one user (guardian, direct foreign key)."""

    content_object = models.ForeignKey(LegislationEntry, on_delete=models.CASCADE)


class LegislationEntryGroupGrant(GroupObjectPermissionBase):
    """A per-record grant of view on one matrix entry to a space's group (guardian, direct foreign key)."""

    content_object = models.ForeignKey(LegislationEntry, on_delete=models.CASCADE)

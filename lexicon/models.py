"""The lexicon: reference taxa and CITES codes, and the code words traders use in their place."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.access.models import Shareable


class Appendix(models.TextChoices):
    I = "I", _("Appendix I")  # noqa: E741
    II = "II", _("Appendix II")
    III = "III", _("Appendix III")
    SPLIT = "I/II", _("Appendices I and II (split listing)")
    NONE = "", _("Not listed")


class Rank(models.TextChoices):
    ORDER = "order", _("order")
    FAMILY = "family", _("family")
    GENUS = "genus", _("genus")
    SPECIES = "species", _("species")
    SUBSPECIES = "subspecies", _("subspecies")


class Taxon(models.Model):
    """A taxon with its higher taxa, common names and CITES listing: reference data, not shared records."""

    scientific_name = models.CharField(_("scientific name"), max_length=200, unique=True)
    rank = models.CharField(_("rank"), max_length=12, choices=Rank.choices, default=Rank.SPECIES)
    kingdom = models.CharField(_("kingdom"), max_length=60, blank=True)
    phylum = models.CharField(_("phylum"), max_length=60, blank=True)
    class_name = models.CharField(_("class"), max_length=60, blank=True)
    order = models.CharField(_("order"), max_length=60, blank=True)
    family = models.CharField(_("family"), max_length=60, blank=True)
    genus = models.CharField(_("genus"), max_length=60, blank=True)
    # {"en": ["African elephant"], "fr": ["Éléphant d'Afrique"], "zh": ["非洲象"]}
    common_names = models.JSONField(_("common names"), default=dict, blank=True)
    cites_appendix = models.CharField(_("CITES appendix"), max_length=5, choices=Appendix.choices, blank=True)
    annotation = models.TextField(_("CITES annotation"), blank=True)
    species_plus_id = models.PositiveIntegerField(_("Species+ id"), null=True, blank=True, unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scientific_name"]
        verbose_name_plural = _("taxa")

    def __str__(self) -> str:
        english = self.common_names.get("en") if isinstance(self.common_names, dict) else None
        return f"{self.scientific_name} ({english[0]})" if english else self.scientific_name


class CodeKind(models.TextChoices):
    TERM = "term", _("trade term")
    UNIT = "unit", _("unit")
    SOURCE = "source", _("source")
    PURPOSE = "purpose", _("purpose")


class CitesCode(models.Model):
    """A code of the CITES annual report guidelines: trade term (IVC, HOR...), unit, source or purpose."""

    kind = models.CharField(_("kind"), max_length=8, choices=CodeKind.choices)
    code = models.CharField(_("code"), max_length=4)
    description = models.CharField(_("description"), max_length=200)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="citescode_kind_code")]

    def __str__(self) -> str:
        return f"{self.code} ({self.description})"


class Category(models.TextChoices):
    SUBSTITUTE = "substitute", _("substitute name")
    ABBREVIATION = "abbreviation", _("abbreviation")
    HOMOPHONE = "homophone", _("homophone")
    EMOJI = "emoji", _("emoji")
    MISSPELLING = "misspelling", _("deliberate misspelling")
    TRANSLITERATION = "transliteration", _("transliteration")
    OTHER = "other", _("other")


class Script(models.TextChoices):
    LATIN = "Latn", _("Latin")
    HANS = "Hans", _("Chinese (simplified)")
    HANT = "Hant", _("Chinese (traditional)")
    CYRILLIC = "Cyrl", _("Cyrillic")
    ARABIC = "Arab", _("Arabic")
    THAI = "Thai", _("Thai")
    JAPANESE = "Jpan", _("Japanese")
    KOREAN = "Kore", _("Korean")
    EMOJI = "Zsye", _("Emoji")
    OTHER = "Zyyy", _("Other")


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    PROBABLE = "probable", _("probable")
    SUSPECTED = "suspected", _("suspected")


class Status(models.TextChoices):
    ACTIVE = "active", _("active")
    RETIRED = "retired", _("retired")


# A code word's own fields, besides its marking: the form, the API and the revision history name them from here.
CODE_WORD_FIELDS = (
    "term",
    "language",
    "script",
    "romanisation",
    "category",
    "taxon",
    "term_code",
    "gloss",
    "platforms",
    "countries",
    "first_seen",
    "last_seen",
    "confidence",
    "status",
    "source",
    "releasable",
)


class CodeWord(Shareable):
    """A substitute name traders use for a wildlife product ("XY" for ivory), with where and how surely it was seen."""

    term = models.CharField(_("term"), max_length=200)
    language = models.CharField(_("language"), max_length=12, help_text=_("BCP 47 code, e.g. en, zh, vi"))
    script = models.CharField(_("script"), max_length=4, choices=Script.choices, default=Script.LATIN)
    romanisation = models.CharField(_("romanisation"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.SUBSTITUTE)
    taxon = models.ForeignKey(
        Taxon, null=True, blank=True, on_delete=models.PROTECT, related_name="code_words", verbose_name=_("taxon")
    )
    term_code = models.ForeignKey(
        CitesCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": CodeKind.TERM},
        verbose_name=_("CITES term code"),
    )
    gloss = models.CharField(_("meaning"), max_length=300, help_text=_("What the term stands for, in plain words"))
    platforms = models.JSONField(_("platforms where seen"), default=list, blank=True)
    countries = CountryField(_("countries where seen"), multiple=True, blank=True)
    first_seen = models.DateField(_("first seen"), null=True, blank=True)
    last_seen = models.DateField(_("last seen"), null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.SUSPECTED
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(_("source"), max_length=300, blank=True)
    releasable = models.BooleanField(
        _("releasable to platforms"),
        default=False,
        help_text=_("Platforms receive only releasable code words, in pages, exports and the scanner."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    # The record's STIX id (interchange): kept, so that a re-export updates the object rather than duplicating it.
    stix_id = models.UUIDField("STIX id", default=uuid.uuid4, unique=True, editable=False)

    class Meta(Shareable.Meta):
        ordering = ["term"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="codeword_newest")]

    def __str__(self) -> str:
        return self.term

    def get_absolute_url(self) -> str:
        return reverse("lexicon:detail", args=[self.pk])

    def sweep_marker(self) -> str:
        # Terms repeat across organisations; the meaning names the record in pages and scan results alike.
        return self.gloss


class CodeWordUserGrant(UserObjectPermissionBase):
    """A per-record grant of view or change on one code word to one user (guardian, direct foreign key)."""

    content_object = models.ForeignKey(CodeWord, on_delete=models.CASCADE)


class CodeWordGroupGrant(GroupObjectPermissionBase):
    """A per-record grant of view on one code word to a space's group (guardian, direct foreign key)."""

    content_object = models.ForeignKey(CodeWord, on_delete=models.CASCADE)


class CodeWordRevision(models.Model):
    """One change to a code word: who, when, which fields from what to what. Visible with the code word."""

    code_word = models.ForeignKey(CodeWord, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_org = models.ForeignKey("orgs.Organisation", null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-version", "-id"]

    def __str__(self) -> str:
        return f"{self.code_word_id} v{self.version}"

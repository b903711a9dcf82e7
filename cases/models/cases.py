"""Cases of wildlife cybercrime: the case, its species, its status history and its reference counters."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cases.models.platforms import Platform
from portal.access.models import Shareable


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    INVESTIGATION = "investigation", _("under investigation")
    REFERRED = "referred", _("referred")
    PROSECUTED = "prosecuted", _("prosecuted")
    CLOSED = "closed", _("closed")


class ChainSeen(models.TextChoices):
    UNKNOWN = "", _("unknown")
    ORIGIN = "origin", _("origin")
    TRANSIT = "transit", _("transit")
    DESTINATION = "destination", _("destination")


class ModusOperandi(models.TextChoices):
    CODE_WORDS = "code_words", _("code words")
    PRIVATE_GROUPS = "private_groups", _("private groups and chats")
    NIGHT_POSTING = "night_posting", _("night-time posting")
    PICTURES = "pictures", _("pictures instead of text")
    FALSE_NAMES = "false_names", _("couriers with false names")
    THIRD_PARTY = "third_party", _("third-party pick-up")
    DARKNET = "darknet", _("darknet")
    LIVE_STREAMING = "live_streaming", _("live-streaming")
    FAKE_PERMITS = "fake_permits", _("fake permits or legal-origin claims")
    CRYPTO = "crypto", _("cryptocurrency payment")


class Case(Shareable):
    """An investigation of wildlife crime linked to the Internet, with a generated reference (KE-KWS-2026-0042)."""

    reference = models.CharField(_("reference"), max_length=40, unique=True, editable=False)
    country = CountryField(_("country of the case"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    lead_org = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead organisation"),
    )
    date_detected = models.DateField(_("date detected"), null=True, blank=True, db_index=True)
    origin_countries = CountryField(_("countries of origin"), multiple=True, blank=True)
    transit_countries = CountryField(_("transit countries"), multiple=True, blank=True)
    destination_countries = CountryField(_("destination countries"), multiple=True, blank=True)
    chain_seen_at = models.CharField(
        _("where the chain was seen"), max_length=12, choices=ChainSeen.choices, blank=True
    )
    platforms = models.ManyToManyField(Platform, blank=True, related_name="cases", verbose_name=_("platforms"))
    modus_operandi = models.JSONField(_("modus operandi"), default=list, blank=True)
    code_words = models.ManyToManyField(
        "lexicon.CodeWord", blank=True, related_name="+", verbose_name=_("linked code words")
    )
    related_cases = models.ManyToManyField("self", blank=True, verbose_name=_("related cases"))
    # The record's STIX id (interchange): kept, so that a re-export updates the object rather than duplicating it.
    stix_id = models.UUIDField("STIX id", default=uuid.uuid4, unique=True, editable=False)

    class Meta(Shareable.Meta):
        indexes = [models.Index(fields=["-created_at", "-id"], name="case_newest")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    def sweep_marker(self) -> str:
        return self.title

    def modus_operandi_labels(self) -> list[str]:
        labels = dict(ModusOperandi.choices)
        return [str(labels.get(code, code)) for code in self.modus_operandi]


class CaseSpecies(models.Model):
    """One species involved in a case, with the CITES term and unit codes and a quantity; seen with the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="species")
    taxon = models.ForeignKey("lexicon.Taxon", on_delete=models.PROTECT, related_name="+", verbose_name=_("taxon"))
    term_code = models.ForeignKey(
        "lexicon.CitesCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    unit = models.ForeignKey(
        "lexicon.CitesCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.taxon} {self.quantity or ''} {self.unit.code if self.unit else ''}".strip()


class CaseStatusChange(models.Model):
    """One change of a case's status: from what, to what, by whom, when. Seen with the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=14, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=14, choices=CaseStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} -> {self.to_status}"


class CaseReferenceCounter(models.Model):
    """The last case number one organisation (by its label) gave for a country and year; locked while it is used."""

    country = models.CharField(max_length=2)
    # The owner organisation's label in its references; empty on counters from before references were per organisation.
    label = models.CharField(max_length=20, default="", blank=True)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "label", "year"], name="case_reference_country_label_year")
        ]

    def __str__(self) -> str:
        return f"{self.country}-{self.label}-{self.year}: {self.last}"

"""A case's records: adverts, seizures, persons, prosecutions, evidence; never more visible than their case."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cases.models.cases import Case
from cases.models.platforms import Platform
from portal.access.models import Shareable


class CaseChild(Shareable):
    """Base of a case's records: never more visible than their case (checked in cases.services)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    # The record's STIX id (interchange): kept, so that a re-export updates the object rather than duplicating it.
    stix_id = models.UUIDField("STIX id", default=uuid.uuid4, unique=True, editable=False)

    class Meta(Shareable.Meta):
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(f"cases:{self._meta.model_name}-detail", args=[self.pk])


class AdvertStatus(models.TextChoices):
    ONLINE = "online", _("online")
    REPORTED = "reported", _("reported to the platform")
    REMOVED = "removed", _("removed")
    UNKNOWN = "unknown", _("unknown")


class Advert(CaseChild):
    """An online advert offering wildlife, as captured by a monitor or an investigator."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="adverts", verbose_name=_("case"))
    platform = models.ForeignKey(
        Platform, null=True, blank=True, on_delete=models.PROTECT, related_name="adverts", verbose_name=_("platform")
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    listing_id = models.CharField(_("listing id"), max_length=120, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    seller_handle = models.CharField(_("seller handle"), max_length=200, blank=True)
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    captured_at = models.DateTimeField(_("captured at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AdvertStatus.choices, default=AdvertStatus.ONLINE)
    deconfliction_opt_out = models.BooleanField(_("keep out of deconfliction"), default=False)

    personal_fields = ("seller_handle",)

    class Meta(CaseChild.Meta):
        indexes = [models.Index(fields=["case", "-created_at"], name="advert_case")]

    def __str__(self) -> str:
        return self.title

    def sweep_marker(self) -> str:
        return self.title


class TransportMode(models.TextChoices):
    COURIER = "courier", _("courier")
    POSTAL = "postal", _("postal")
    AIR_CARGO = "air_cargo", _("air cargo")
    PASSENGER = "passenger", _("passenger")
    VEHICLE = "vehicle", _("vehicle")
    VESSEL = "vessel", _("vessel")
    RAIL = "rail", _("rail")
    OTHER = "other", _("other")


class DetectionMethod(models.TextChoices):
    ONLINE_MONITORING = "online_monitoring", _("online monitoring")
    CONTROLLED_DELIVERY = "controlled_delivery", _("controlled delivery")
    XRAY = "xray", _("X-ray or scanner")
    DOG = "dog", _("detection dog")
    TIP_OFF = "tip_off", _("tip-off")
    RISK_PROFILING = "risk_profiling", _("risk profiling")
    RANDOM = "random", _("random check")
    OTHER = "other", _("other")


class Seizure(CaseChild):
    """A seizure of specimens: what, how much, where, how it travelled and how it was found."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="seizures", verbose_name=_("case"))
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    country = CountryField(_("country"), blank=True)
    taxon = models.ForeignKey(
        "lexicon.Taxon", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("taxon")
    )
    term_code = models.ForeignKey(
        "lexicon.CitesCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    unit = models.ForeignKey(
        "lexicon.CitesCode", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3, null=True, blank=True)
    estimated_value = models.DecimalField(_("estimated value"), max_digits=14, decimal_places=2, null=True, blank=True)
    value_currency = models.CharField(_("currency"), max_length=3, blank=True)
    transport_mode = models.CharField(_("transport mode"), max_length=10, choices=TransportMode.choices, blank=True)
    detection_method = models.CharField(
        _("detection method"), max_length=20, choices=DetectionMethod.choices, blank=True
    )
    concealment = models.CharField(_("concealment"), max_length=300, blank=True)
    origin_countries = CountryField(_("countries of origin"), multiple=True, blank=True)
    transit_countries = CountryField(_("transit countries"), multiple=True, blank=True)
    destination_countries = CountryField(_("destination countries"), multiple=True, blank=True)

    def __str__(self) -> str:
        return self.place

    def sweep_marker(self) -> str:
        return self.place


class PersonRole(models.TextChoices):
    SELLER = "seller", _("seller")
    BUYER = "buyer", _("buyer")
    COURIER = "courier", _("courier")
    ORGANISER = "organiser", _("organiser")
    MIDDLEMAN = "middleman", _("middleman")
    POACHER = "poacher", _("poacher")
    OTHER = "other", _("other")


class Person(CaseChild):
    """A person in a case: every identifying field is personal data, redacted by the policy."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons", verbose_name=_("case"))
    role = models.CharField(_("role"), max_length=10, choices=PersonRole.choices, default=PersonRole.SELLER)
    description = models.CharField(
        _("description"), max_length=200, help_text=_("Not personal data: e.g. 'seller in the Mombasa group'")
    )
    names = models.TextField(_("names"), blank=True)
    aliases = models.TextField(_("aliases"), blank=True)
    phone_numbers = models.TextField(_("phone numbers"), blank=True, help_text=_("One per line"))
    account_handles = models.TextField(_("account handles"), blank=True, help_text=_("One per line"))
    email = models.TextField(_("e-mail addresses"), blank=True, help_text=_("One per line"))
    nationality = CountryField(_("nationality"), blank=True)
    deconfliction_opt_out = models.BooleanField(_("keep out of deconfliction"), default=False)

    personal_fields = ("names", "aliases", "phone_numbers", "account_handles", "email", "nationality")

    def __str__(self) -> str:
        return self.description

    def sweep_marker(self) -> str:
        return self.description


class Verdict(models.TextChoices):
    PENDING = "pending", _("pending")
    CONVICTED = "convicted", _("convicted")
    ACQUITTED = "acquitted", _("acquitted")
    DISMISSED = "dismissed", _("dismissed")
    PLEA = "plea", _("guilty plea")


class Prosecution(CaseChild):
    """Proceedings in one court: charges and provisions, verdict, sentence, appeal, lessons learned."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="prosecutions", verbose_name=_("case"))
    court = models.CharField(_("court"), max_length=200)
    jurisdiction = CountryField(_("jurisdiction"), blank=True)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    stage_date = models.DateField(_("stage date"), null=True, blank=True)
    outcome = models.CharField(_("outcome of the stage"), max_length=200, blank=True)
    defendants = models.ManyToManyField(Person, blank=True, related_name="prosecutions", verbose_name=_("defendants"))
    charges = models.TextField(_("charges"), blank=True)
    legal_provisions = models.TextField(_("legal provisions used"), blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    prison_months = models.PositiveIntegerField(_("prison (months)"), null=True, blank=True)
    fine = models.DecimalField(_("fine"), max_digits=14, decimal_places=2, null=True, blank=True)
    fine_currency = models.CharField(_("fine currency"), max_length=3, blank=True)
    confiscation = models.CharField(_("confiscation"), max_length=300, blank=True)
    appeal = models.TextField(_("appeal"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    judgment_url = models.URLField(_("published judgment"), max_length=500, blank=True)

    def __str__(self) -> str:
        return self.court

    def sweep_marker(self) -> str:
        return self.court


class EvidenceKind(models.TextChoices):
    SCREENSHOT = "screenshot", _("screenshot")
    PAGE_CAPTURE = "page_capture", _("page capture")
    DOCUMENT = "document", _("document")
    PHOTO = "photo", _("photograph")


def evidence_path(instance, filename: str) -> str:
    # No record id or name in the path: files are served only through the policy, never by URL.
    return f"cases/evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(CaseChild):
    """A file of a case (screenshot, page capture, document), checked by content and hashed; policy download only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices, default=EvidenceKind.SCREENSHOT)
    description = models.CharField(_("description"), max_length=300)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)

    class Meta(CaseChild.Meta):
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.description

    def sweep_marker(self) -> str:
        return self.description

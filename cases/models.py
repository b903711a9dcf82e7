"""Cases of wildlife cybercrime and their records: adverts, seizures, persons, prosecutions, evidence."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.access.models import Shareable
from portal.access.policy import PolicyManager


class PlatformKind(models.TextChoices):
    MARKETPLACE = "marketplace", _("marketplace")
    SOCIAL = "social", _("social network")
    MESSAGING = "messaging", _("messaging")
    SEARCH = "search", _("search engine")
    CLASSIFIEDS = "classifieds", _("classifieds")
    DARKNET = "darknet", _("darknet market")
    VIDEO = "video", _("video and live-streaming")
    OTHER = "other", _("other")


class Platform(models.Model):
    """An online platform where wildlife is offered: reference data, not a shared record."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=PlatformKind.choices, default=PlatformKind.MARKETPLACE)
    domains = models.JSONField(_("domains"), default=list, blank=True)
    coalition_member = models.BooleanField(_("member of the Global Coalition"), default=False)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation in the portal"),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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

    objects = PolicyManager()
    bypass_policy = models.Manager()

    class Meta(Shareable.Meta):
        base_manager_name = "bypass_policy"
        default_manager_name = "objects"
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


class CaseChild(Shareable):
    """Base of a case's records: never more visible than their case (checked in cases.services)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))

    objects = PolicyManager()
    bypass_policy = models.Manager()

    class Meta(Shareable.Meta):
        abstract = True
        base_manager_name = "bypass_policy"
        default_manager_name = "objects"

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


def _grants(model):
    user = type(
        f"{model.__name__}UserGrant",
        (UserObjectPermissionBase,),
        {
            "__module__": __name__,
            "__doc__": f"A per-record grant on one {model._meta.verbose_name} to one user (guardian, direct FK).",
            "content_object": models.ForeignKey(model, on_delete=models.CASCADE),
        },
    )
    group = type(
        f"{model.__name__}GroupGrant",
        (GroupObjectPermissionBase,),
        {
            "__module__": __name__,
            "__doc__": f"A per-record grant on one {model._meta.verbose_name} to a space group (guardian, direct FK).",
            "content_object": models.ForeignKey(model, on_delete=models.CASCADE),
        },
    )
    return user, group


CaseUserGrant, CaseGroupGrant = _grants(Case)
AdvertUserGrant, AdvertGroupGrant = _grants(Advert)
SeizureUserGrant, SeizureGroupGrant = _grants(Seizure)
PersonUserGrant, PersonGroupGrant = _grants(Person)
ProsecutionUserGrant, ProsecutionGroupGrant = _grants(Prosecution)
EvidenceUserGrant, EvidenceGroupGrant = _grants(Evidence)

GRANTS = {
    Case: (CaseUserGrant, CaseGroupGrant),
    Advert: (AdvertUserGrant, AdvertGroupGrant),
    Seizure: (SeizureUserGrant, SeizureGroupGrant),
    Person: (PersonUserGrant, PersonGroupGrant),
    Prosecution: (ProsecutionUserGrant, ProsecutionGroupGrant),
    Evidence: (EvidenceUserGrant, EvidenceGroupGrant),
}
CHILD_MODELS = (Advert, Seizure, Person, Prosecution, Evidence)


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("phone number")
    HANDLE = "handle", _("account handle")
    EMAIL = "email", _("e-mail address")


class Identifier(models.Model):
    """A normalised identifier held by a person or advert, for blind deconfliction (who holds it, not what)."""

    kind = models.CharField(_("kind"), max_length=8, choices=IdentifierKind.choices)
    value = models.CharField(_("normalised value"), max_length=255)
    owner_org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="identifiers")
    advert = models.ForeignKey(Advert, null=True, blank=True, on_delete=models.CASCADE, related_name="identifiers")
    opt_out = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"], name="identifier_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class AdvertCodeWordHit(models.Model):
    """A code word the scanner found in an advert, with its span: "adverts using an ivory code word" is a join."""

    advert = models.ForeignKey(Advert, on_delete=models.CASCADE, related_name="code_word_hits")
    code_word = models.ForeignKey("lexicon.CodeWord", on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["code_word", "advert"], name="advert_hit_codeword")]

    def __str__(self) -> str:
        return f"{self.advert_id}:{self.code_word_id}@{self.start}"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("checked, waiting to be imported")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed")


class AdvertImport(models.Model):
    """One upload of monitoring results (adverts) from CSV or XLSX: kept in storage from preview to commit.

    Not a shared record: only the member who uploaded it sees it, and it writes only into a case they may change.
    """

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("case")
    )
    new_case_title = models.CharField(_("title of a new case"), max_length=200, blank=True)
    file = models.CharField(_("stored file"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=4)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("cases:import-detail", args=[self.pk])

    @property
    def progress(self) -> int:
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0

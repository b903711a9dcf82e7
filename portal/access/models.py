"""The Shareable base: what every shared record carries so that one policy can decide who sees it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.access.querysets import PolicyManager
from portal.access.registry import shareable_entry


class Distribution(models.TextChoices):
    ORGANISATION = "organisation", _("My organisation only")
    SPACES = "spaces", _("Selected spaces")
    COMMUNITY = "community", _("All vetted members")
    PUBLIC = "public", _("Public")


class TLP(models.TextChoices):
    CLEAR = "clear", "TLP:CLEAR"
    GREEN = "green", "TLP:GREEN"
    AMBER = "amber", "TLP:AMBER"
    AMBER_STRICT = "amber+strict", "TLP:AMBER+STRICT"
    RED = "red", "TLP:RED"


# From least to most restricted: the order used to find "the most restricted" marking of a set.
TLP_ORDER = [TLP.CLEAR, TLP.GREEN, TLP.AMBER, TLP.AMBER_STRICT, TLP.RED]


def tlp_rank(value: str) -> int:
    return TLP_ORDER.index(value)


def most_restricted_tlp(values) -> str:
    values = list(values)
    return max(values, key=tlp_rank) if values else TLP.CLEAR


class PAP(models.TextChoices):
    CLEAR = "clear", "PAP:CLEAR"
    GREEN = "green", "PAP:GREEN"
    AMBER = "amber", "PAP:AMBER"
    RED = "red", "PAP:RED"


# Which distributions each TLP allows (DESIGN.md): public needs CLEAR, RED stays in the organisation
# (widened only by grants to named users), AMBER+STRICT goes no further than chosen spaces.
ALLOWED_DISTRIBUTIONS = {
    TLP.CLEAR: {Distribution.ORGANISATION, Distribution.SPACES, Distribution.COMMUNITY, Distribution.PUBLIC},
    TLP.GREEN: {Distribution.ORGANISATION, Distribution.SPACES, Distribution.COMMUNITY},
    TLP.AMBER: {Distribution.ORGANISATION, Distribution.SPACES, Distribution.COMMUNITY},
    TLP.AMBER_STRICT: {Distribution.ORGANISATION, Distribution.SPACES},
    TLP.RED: {Distribution.ORGANISATION},
}


def check_marking(distribution: str, tlp: str) -> None:
    """Raise a ValidationError naming the field when a TLP does not allow the distribution."""
    if distribution not in ALLOWED_DISTRIBUTIONS.get(tlp, set()):
        allowed = ", ".join(str(Distribution(d).label) for d in Distribution if d in ALLOWED_DISTRIBUTIONS[tlp])
        raise ValidationError(
            {"distribution": _("%(tlp)s allows only: %(allowed)s.") % {"tlp": TLP(tlp).label, "allowed": allowed}}
        )


class RedactedRecordError(RuntimeError):
    """Raised when code tries to save a record whose personal fields were replaced for display."""


class Shareable(models.Model):
    """Abstract base of every shared record: owner, distribution, spaces, TLP, PAP and a version for locking."""

    owner_org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner organisation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    distribution = models.CharField(
        _("distribution"), max_length=12, choices=Distribution.choices, default=Distribution.ORGANISATION
    )
    spaces = models.ManyToManyField("orgs.Space", blank=True, related_name="+", verbose_name=_("spaces"))
    tlp = models.CharField("TLP", max_length=12, choices=TLP.choices, default=TLP.AMBER)
    pap = models.CharField("PAP", max_length=5, choices=PAP.choices, default=PAP.GREEN)
    version = models.PositiveIntegerField(default=1, editable=False)

    # Names of fields that hold personal data; the policy redacts them for viewers without the right.
    personal_fields: tuple[str, ...] = ()

    objects = PolicyManager()  # reads: nothing until visible_to(user)
    # Writes and internals (tests/access/test_bypass.py lists who may). In this order, as the migrations record it;
    # ruff reads a second manager as a field.
    bypass_policy = models.Manager()  # noqa: DJ012

    class Meta:
        abstract = True
        base_manager_name = "bypass_policy"
        default_manager_name = "objects"

    def save(self, *args, **kwargs):
        if getattr(self, "_redacted", False):
            raise RedactedRecordError(f"{self.__class__.__name__} {self.pk} was redacted for display; refusing to save")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        check_marking(self.distribution, self.tlp)
        if self.distribution == Distribution.PUBLIC and _closed_to_some_sector(type(self)):
            raise ValidationError(
                {
                    "distribution": _("%(records)s are never public: some members may never see them.")
                    % {"records": capfirst(self._meta.verbose_name_plural)}
                }
            )


def _closed_to_some_sector(model) -> bool:
    try:
        return bool(shareable_entry(model).closed_to)
    except LookupError:
        return False

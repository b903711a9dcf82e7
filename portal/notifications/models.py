"""Subscriptions: what a user follows, and how often they want an e-mail about it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SPACE = "space", _("Space")
    TAXON = "taxon", _("Taxon")
    COUNTRY = "country", _("Country")
    PLATFORM = "platform", _("Platform")
    SEARCH = "search", _("Saved search")


class Frequency(models.TextChoices):
    PORTAL = "portal", _("In the portal only")
    DAILY = "daily", _("Daily e-mail digest")
    WEEKLY = "weekly", _("Weekly e-mail digest")


class Subscription(models.Model):
    """A user follows a space, taxon, country, platform or saved search; matches are re-checked against the policy."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    kind = models.CharField(_("follow"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=200)
    frequency = models.CharField(_("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "value"], name="subscription_unique"),
        ]
        indexes = [models.Index(fields=["frequency", "active"], name="subscription_due")]

    def __str__(self) -> str:
        if self.kind == Kind.TAXON:
            from portal.search.facets import taxon_label  # the search registry: filled once every app is ready

            return f"{self.get_kind_display()}: {taxon_label(self.value)}"
        return f"{self.get_kind_display()}: {self.value}"

"""Online platforms where wildlife is offered: reference data, not shared records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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

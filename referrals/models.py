"""Takedown referrals to platforms, the platforms' answers, and volunteer ("Cyber Spotter") reports."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.access.models import Shareable
from portal.access.services import check_closed_sectors


class RequestedAction(models.TextChoices):
    REMOVE = "remove", _("remove the listing")
    PRESERVE = "preserve", _("preserve evidence")
    DISCLOSE = "disclose", _("disclose subscriber data to law enforcement")


class ReferralState(models.TextChoices):
    SENT = "sent", _("sent")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    REMOVED = "removed", _("removed")
    SUSPENDED = "suspended", _("account suspended")
    NO_VIOLATION = "no_violation", _("no violation found")
    REFUSED = "refused", _("refused")
    RELISTED = "relisted", _("relisted")


# States a platform may answer with, and the ones that close a referral as taken down.
PLATFORM_ANSWERS = (
    ReferralState.ACKNOWLEDGED,
    ReferralState.REMOVED,
    ReferralState.SUSPENDED,
    ReferralState.NO_VIOLATION,
    ReferralState.REFUSED,
)
TAKEN_DOWN = (ReferralState.REMOVED, ReferralState.SUSPENDED)


class Referral(Shareable):
    """A request to one platform to act on one listing; owned by the referring organisation."""

    platform = models.ForeignKey(
        "cases.Platform", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("platform")
    )
    advert = models.ForeignKey(
        "cases.Advert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("advert")
    )
    report = models.ForeignKey(
        "referrals.VolunteerReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("volunteer report"),
    )
    batch = models.CharField(_("batch"), max_length=32, blank=True, db_index=True)
    url = models.URLField(_("address"), max_length=500)
    listing_id = models.CharField(_("listing id"), max_length=120, blank=True)
    reason = models.TextField(_("reason"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    requested_action = models.CharField(
        _("requested action"), max_length=10, choices=RequestedAction.choices, default=RequestedAction.REMOVE
    )
    state = models.CharField(
        _("state"), max_length=14, choices=ReferralState.choices, default=ReferralState.SENT, db_index=True
    )
    sent_at = models.DateTimeField(_("sent at"), db_index=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    relisted_at = models.DateTimeField(_("relisted at"), null=True, blank=True)
    platform_note = models.TextField(_("platform's note"), blank=True)

    class Meta(Shareable.Meta):
        indexes = [models.Index(fields=["platform", "-sent_at"], name="referral_platform_sent")]

    def __str__(self) -> str:
        return f"{self.platform_id}: {self.url}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", args=[self.pk])

    def sweep_marker(self) -> str:
        return self.reason


class ReferralStateChange(models.Model):
    """One change of a referral's state, by the platform or the referring organisation."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(max_length=14, choices=ReferralState.choices, blank=True)
    to_state = models.CharField(max_length=14, choices=ReferralState.choices)
    by_platform = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_state} -> {self.to_state}"


class ReportStatus(models.TextChoices):
    NEW = "new", _("new")
    DUPLICATE = "duplicate", _("duplicate")
    DISMISSED = "dismissed", _("dismissed")
    ADVERT = "advert", _("added to a case")
    REFERRED = "referred", _("referred to the platform")


def screenshot_path(instance, filename: str) -> str:
    # No name from the upload: files are served only through the policy.
    return f"referrals/screenshots/{instance.screenshot_sha256[:2]}/{instance.screenshot_sha256}"


class VolunteerReport(Shareable):
    """A suspicious advert reported by a trusted volunteer of a scheme run by the owner organisation."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("reporter")
    )
    reporter_name = models.CharField(_("reported by"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=500)
    normalised_url = models.CharField(max_length=500, db_index=True, editable=False)
    platform = models.ForeignKey(
        "cases.Platform", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("platform")
    )
    listing_id = models.CharField(_("listing id"), max_length=120, blank=True)
    text = models.TextField(_("text of the advert"), blank=True)
    screenshot = models.FileField(_("screenshot"), upload_to=screenshot_path, max_length=200, blank=True)
    screenshot_type = models.CharField(max_length=40, blank=True)
    screenshot_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("triage status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.NEW, db_index=True
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("duplicate of")
    )
    triage_note = models.TextField(_("triage note"), blank=True)
    advert = models.ForeignKey(
        "cases.Advert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("advert")
    )

    # The volunteer's identity: stricter than the core rule, shown to the scheme organisation only (see views).
    personal_fields = ("reporter_name",)

    class Meta(Shareable.Meta):
        indexes = [models.Index(fields=["owner_org", "listing_id"], name="report_listing")]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("referrals:report-detail", args=[self.pk])

    def sweep_marker(self) -> str:
        return self.text


class ReferralUserGrant(UserObjectPermissionBase):
    """A per-record grant on one referral to one user (guardian, direct foreign key)."""

    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)


class ReferralGroupGrant(GroupObjectPermissionBase):
    """A per-record grant on one referral to a space's group (guardian, direct foreign key)."""

    content_object = models.ForeignKey(Referral, on_delete=models.CASCADE)


class VolunteerReportUserGrant(UserObjectPermissionBase):
    """A per-record grant on one volunteer report to one user; never to a platform's user."""

    content_object = models.ForeignKey(VolunteerReport, on_delete=models.CASCADE)

    def save(self, *args, **kwargs):

        check_closed_sectors(VolunteerReport, users=[self.user])  # also for grants made outside the share dialog
        super().save(*args, **kwargs)


class VolunteerReportGroupGrant(GroupObjectPermissionBase):
    """A per-record grant on one volunteer report to a space's group (guardian, direct foreign key)."""

    content_object = models.ForeignKey(VolunteerReport, on_delete=models.CASCADE)

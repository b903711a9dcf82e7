"""Party submission reports, their kept versions, and the PDF builds made from them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.access.models import Shareable

# The five headings of Decision 17.92 / Notification 2020/31, in the order the Secretariat compiles them.
NARRATIVE_SECTIONS = (
    ("legislation", _("Changes made to national legislation and other domestic measures")),
    ("codes_of_conduct", _("Websites adhering to codes of conduct")),
    ("best_practice", _("Best practice models for regulating online marketplaces and social media platforms")),
    ("research", _("Results of research")),
    ("trends", _("Trends, including changes in trade routes and methods of shipment")),
)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the Secretariat")


class PartyReport(Shareable):
    """A CITES Party's submission for a period: narrative written by its authors, figures computed at build time."""

    party = models.ForeignKey(
        "orgs.CitesParty", on_delete=models.PROTECT, related_name="+", verbose_name=_("CITES Party")
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    legislation = models.TextField(NARRATIVE_SECTIONS[0][1], blank=True)
    codes_of_conduct = models.TextField(NARRATIVE_SECTIONS[1][1], blank=True)
    best_practice = models.TextField(NARRATIVE_SECTIONS[2][1], blank=True)
    research = models.TextField(NARRATIVE_SECTIONS[3][1], blank=True)
    trends = models.TextField(NARRATIVE_SECTIONS[4][1], blank=True)
    share_with_iccwc = models.BooleanField(
        _("the Party consents to sharing its illegal trade data with ICCWC partners"), default=False
    )
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta(Shareable.Meta):
        indexes = [models.Index(fields=["-created_at", "-id"], name="partyreport_newest")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:party-detail", args=[self.pk])

    def sweep_marker(self) -> str:
        return self.title

    def narratives(self) -> list[dict]:
        return [{"name": name, "heading": heading, "text": getattr(self, name)} for name, heading in NARRATIVE_SECTIONS]


class PartyReportUserGrant(UserObjectPermissionBase):
    """A per-record grant of view or change on one Party report to one user (guardian, direct foreign key)."""

    content_object = models.ForeignKey(PartyReport, on_delete=models.CASCADE)


class PartyReportGroupGrant(GroupObjectPermissionBase):
    """A per-record grant of view on one Party report to a space's group (guardian, direct foreign key)."""

    content_object = models.ForeignKey(PartyReport, on_delete=models.CASCADE)


class PartyReportVersion(models.Model):
    """One saved state of a Party report (every edit and the submission), kept as it was."""

    report = models.ForeignKey(PartyReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=ReportStatus.choices)
    data = models.JSONField(default=dict)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="partyreportversion_unique")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class BuildKind(models.TextChoices):
    PARTY = "party", _("Party report PDF")
    COMPILATION = "compilation", _("Secretariat compilation PDF")


class BuildStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Building")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportBuild(models.Model):
    """A PDF built in the background: of one Party report, or a compilation for the user who asked for it."""

    kind = models.CharField(max_length=12, choices=BuildKind.choices)
    report = models.ForeignKey(PartyReport, null=True, blank=True, on_delete=models.CASCADE, related_name="builds")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=8, choices=BuildStatus.choices, default=BuildStatus.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    tlp = models.CharField("TLP", max_length=12, blank=True)
    file = models.FileField(upload_to="reports/", max_length=200, blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} build {self.pk} ({self.status})"

"""Uploads of monitoring results (adverts) from CSV or XLSX, from preview to commit."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models.cases import Case


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

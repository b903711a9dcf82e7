"""Requests for assistance: a thread between a member and another organisation's contact points, and its
messages."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class AssistanceRequest(models.Model):
    """A request for assistance: a thread from one member to another organisation's SPOCs and admins.

    Not a shared record: only its two parties see it (portal.assistance.selectors.requests_visible_to). The record
    in question is named generically (content type + id) and resolved only through the access policy.
    """

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sender")
    )
    sender_org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("from organisation")
    )
    recipient_org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("to organisation")
    )
    subject = models.CharField(_("subject"), max_length=200)
    record_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    # A blind-deconfliction hit names no record: only the kind of identifier the recipient organisation also holds.
    identifier_kind = models.CharField(_("identifier kind"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table it had when requests lived in the library app: moving the model moved no data.
        db_table = "library_assistancerequest"
        ordering = ["-updated_at", "-id"]
        verbose_name = _("request for assistance")
        verbose_name_plural = _("requests for assistance")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("assistance:request-detail", args=[self.pk])


class AssistanceMessage(models.Model):
    """One message of a request-for-assistance thread."""

    thread = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "library_assistancemessage"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk} of request {self.thread_id}"

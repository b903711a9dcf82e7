"""Bulletins: short intelligence notes and alerts."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from portal.access.models import Shareable


class Bulletin(Shareable):
    """A short intelligence note or alert, with links and the countries it concerns, until it expires."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    links = models.JSONField(_("links"), default=list, blank=True)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    persons_of_interest = models.TextField(
        _("persons of interest"),
        blank=True,
        help_text=_("Names, handles or phone numbers: personal data, redacted for most viewers."),
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    personal_fields = ("persons_of_interest",)

    class Meta(Shareable.Meta):
        indexes = [models.Index(fields=["-created_at", "-id"], name="bulletin_newest")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bulletins:detail", args=[self.pk])

    def sweep_marker(self) -> str:
        return self.title


class BulletinUserGrant(UserObjectPermissionBase):
    """A per-record grant of view or change on one bulletin to one user (guardian, direct foreign key)."""

    content_object = models.ForeignKey(Bulletin, on_delete=models.CASCADE)


class BulletinGroupGrant(GroupObjectPermissionBase):
    """A per-record grant of view on one bulletin to a space's group (guardian, direct foreign key)."""

    content_object = models.ForeignKey(Bulletin, on_delete=models.CASCADE)

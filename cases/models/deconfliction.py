"""What records are matched on: identifiers for blind deconfliction, and code words found in adverts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.records import Advert, Person


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

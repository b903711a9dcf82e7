from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from portal.access.forms import ShareableForm
from portal.bulletins.models import Bulletin


class LinksField(forms.CharField):
    """One web address per line, each checked."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(_("Not a web address: %(line)s"), params={"line": line}) from None
        return lines


class BulletinForm(ShareableForm):
    links = LinksField(required=False, label=_("Links (one per line)"))

    class Meta:
        model = Bulletin
        fields = [
            "title",
            "body",
            "links",
            "countries",
            "persons_of_interest",
            "expires_on",
            "distribution",
            "spaces",
            "tlp",
            "pap",
        ]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}), "body": forms.Textarea(attrs={"rows": 6})}

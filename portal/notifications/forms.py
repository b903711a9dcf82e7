from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.access.policy import user_space_ids
from portal.notifications.models import Kind, Subscription
from portal.orgs.models import Space
from portal.search.facets import taxon_facet_value


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = Subscription
        fields = ("kind", "value", "frequency")
        help_texts = {
            "value": _(
                "A space's number, a taxon's scientific name, an ISO country code, a platform's name, or the words "
                "to search for."
            )
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), (data.get("value") or "").strip()
        if kind == Kind.SPACE:
            if (
                not (value.isascii() and value.isdigit())
                or not Space.objects.filter(pk=value, pk__in=user_space_ids(self.user)).exists()
            ):
                self.add_error("value", _("Choose a space you are a member of."))
        elif kind == Kind.COUNTRY:
            value = value.upper()
            if value not in dict(countries):
                self.add_error("value", _("Enter a two-letter ISO 3166 country code."))
        elif kind == Kind.TAXON and value:
            key = taxon_facet_value(value)
            if key is None:
                self.add_error("value", _("No taxon of that name: type its scientific name, e.g. Manis javanica."))
            value = key or value
        elif kind == Kind.PLATFORM:
            value = value.lower()
        if not value:
            self.add_error("value", _("This field is required."))
        data["value"] = value
        if kind and value and Subscription.objects.filter(user=self.user, kind=kind, value=value).exists():
            self.add_error("value", _("You already follow this."))
        return data

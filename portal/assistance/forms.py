"""Forms of requests for assistance: a message, and a new request (to an organisation that has a contact point)."""

from django import forms
from django.utils.translation import gettext_lazy

from portal.assistance.selectors import recipient_organisations
from portal.orgs.models import Organisation


class MessageForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))


class NewRequestForm(MessageForm):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("To organisation"),
        queryset=Organisation.objects.none(),
        help_text=gettext_lazy("Its single points of contact and admins receive the request."),
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    field_order = ["organisation", "subject", "body"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = recipient_organisations(user)

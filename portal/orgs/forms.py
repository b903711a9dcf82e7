"""Forms for log-in, space membership and invitations."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from portal.orgs.backends import UNVETTED_WITH_RIGHT_PASSWORD
from portal.orgs.models import Organisation, Role, SpaceRole
from portal.orgs.services import NO_ELIGIBLE_PERSON


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "unvetted": _("Your account is waiting to be vetted by an admin of your organisation."),
    }

    def get_invalid_login_error(self):
        # authenticate() checked the password once, as it does (against a dummy) for an unknown address: the
        # same work either way. Only someone who knew the password learns the account waits for vetting.
        if self.request is not None and getattr(self.request, UNVETTED_WITH_RIGHT_PASSWORD, False):
            return forms.ValidationError(self.error_messages["unvetted"], code="unvetted")
        return super().get_invalid_login_error()


class SpaceMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.approved(), required=False, label=_("Organisation")
    )
    email = forms.EmailField(required=False, label=_("or a single user's e-mail"))
    role = forms.ChoiceField(choices=SpaceRole.choices, initial=SpaceRole.MEMBER, label=_("Role"))

    def clean(self):
        data = super().clean()
        org, email = data.get("organisation"), (data.get("email") or "").strip().lower()
        if bool(org) == bool(email):
            raise forms.ValidationError(_("Choose an organisation or enter one user's e-mail, not both."))
        if email:
            user = get_user_model().objects.filter(email=email).first()
            if user is None:
                # Non-field, as the service's refusal of an address it may not add: the same answer.
                self.add_error(None, NO_ELIGIBLE_PERSON)
            data["user"] = user
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.READER)

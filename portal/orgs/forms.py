"""Forms for log-in and space membership."""

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from portal.orgs.backends import is_vetted
from portal.orgs.models import Organisation, SpaceRole


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "unvetted": _("Your account is waiting to be vetted by an admin of your organisation."),
    }

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        password = self.cleaned_data.get("password")
        if self.request is not None and not AxesProxyHandler.is_allowed(self.request, {"username": email}):
            # Locked out: django-axes answers from authenticate(); no password is tried here.
            return super().clean()
        user = get_user_model().objects.filter(email=email).first()
        # Only someone who knows the password learns that the account exists but is not vetted yet.
        if (
            user
            and password
            and user.is_active
            and not user.is_superuser
            and user.check_password(password)
            and not is_vetted(user)
        ):
            raise forms.ValidationError(self.error_messages["unvetted"], code="unvetted")
        return super().clean()


class SpaceMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False, label=_("Organisation"))
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
                self.add_error("email", _("No user has this e-mail address."))
            data["user"] = user
        return data

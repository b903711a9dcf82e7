"""Forms of the account pages."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from portal.orgs.models import Sector


class MailCodeForm(forms.Form):
    mail_code = forms.CharField(
        label=_("Code from the e-mail"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The 6-digit code we have just e-mailed to you."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The 6-digit code of your authenticator app, or one of your recovery codes."),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").strip()


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("Wrong password."), code="wrong_password")
        return self.cleaned_data["password"]


class EmailChangeForm(PasswordForm):
    email = forms.EmailField(label=_("New e-mail"))

    field_order = ["email", "password"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("Another account uses this e-mail address."))
        return email


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. a monitoring tool.")
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, initial=90)

    def clean_days(self):
        days = self.cleaned_data["days"]
        if days > settings.PORTAL_API_TOKEN_MAX_DAYS:
            raise forms.ValidationError(
                _("At most %(max)s days.") % {"max": settings.PORTAL_API_TOKEN_MAX_DAYS}, code="max_days"
            )
        return days


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            probe = get_user_model()(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class SignupForm(forms.Form):
    """A new account: its organisation's admins (or a portal admin, for a new organisation) vet it.

    The organisation is typed, not chosen: visitors are not shown which organisations use the portal. A name
    that is not exactly an approved organisation's asks a portal admin for a new one; the answer is the same."""

    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        help_text=_("Its full name. A portal admin vets an organisation that does not use the portal yet."),
    )
    sector = forms.ChoiceField(label=_("Its sector"), choices=[("", "—"), *Sector.choices])
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_organisation(self):
        return " ".join(self.cleaned_data["organisation"].split())

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1 and data.get("email"):
            probe = get_user_model()(email=data["email"], full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

"""The SPOC directory: vetted single points of contact by country and sector, and their vCards.

Not a shared record: every vetted member may see every SPOC of the portal (Action Plan 2.f), and nobody else.
"""

import phonenumbers
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.orgs.membership import vetted_membership
from portal.orgs.models import Membership, Sector, SpocProfile
from portal.orgs.policies import spoc_profile_policy


def spoc_directory(*, viewer, filters: dict | None = None):
    """Vetted, active SPOCs for a vetted viewer; nothing for anyone else."""
    if vetted_membership(viewer) is None:
        return Membership.objects.none()
    qs = Membership.objects.filter(is_spoc=True, vetted=True, user__is_active=True).select_related(
        "user", "organisation", "spoc_profile"
    )
    filters = filters or {}
    if filters.get("country"):
        qs = qs.filter(organisation__country=filters["country"])
    if filters.get("sector"):
        qs = qs.filter(organisation__sector=filters["sector"])
    if filters.get("q"):
        text = filters["q"]
        qs = qs.filter(
            Q(user__full_name__icontains=text)
            | Q(user__email__icontains=text)  # a search hit for a contact without a name links here by e-mail
            | Q(organisation__name__icontains=text)
            | Q(organisation__acronym__icontains=text)
            | Q(spoc_profile__languages__icontains=text)
        )
    return qs.order_by("organisation__country", "organisation__name", "user__full_name")


def can_edit_spoc_profile(user, membership: Membership) -> bool:
    return spoc_profile_policy.can_edit(user, membership)


class SpocFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Name, e-mail, organisation or language"))
    country = forms.ChoiceField(required=False, label=_("Country"))
    sector = forms.ChoiceField(required=False, choices=[("", _("Any sector")), *Sector.choices], label=_("Sector"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *countries]


class SpocProfileForm(forms.ModelForm):
    class Meta:
        model = SpocProfile
        fields = ["role_title", "phone", "languages", "hours"]

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            raise forms.ValidationError(_("Give the number in international format, starting with +.")) from None
        if not phonenumbers.is_possible_number(number):
            raise forms.ValidationError(_("This is not a possible phone number."))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _escape(value: str) -> str:
    return (
        str(value or "")
        .replace("\\", "\\\\")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
        .replace(";", "\\;")
        .replace(",", "\\,")
    )


def vcard(membership: Membership) -> str:
    """One vCard 3.0 for a SPOC."""
    user, org = membership.user, membership.organisation
    profile = getattr(membership, "spoc_profile", None)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_escape(user.full_name or user.email)}",
        f"N:{_escape(user.full_name or user.email)};;;;",
        f"ORG:{_escape(org.name)}",
        f"EMAIL;TYPE=INTERNET:{_escape(user.email)}",
    ]
    if profile is not None:
        if profile.role_title:
            lines.append(f"TITLE:{_escape(profile.role_title)}")
        if profile.phone:
            lines.append(f"TEL;TYPE=WORK,VOICE:{_escape(profile.phone)}")
        note = "; ".join(
            part
            for part in (
                f"Languages: {profile.languages}" if profile.languages else "",
                f"Hours: {profile.hours}" if profile.hours else "",
            )
            if part
        )
        if note:
            lines.append(f"NOTE:{_escape(note)}")
    if org.country:
        lines.append(f"ADR;TYPE=WORK:;;;;;;{_escape(org.country.name)}")
    lines.append(f"CATEGORIES:SPOC,{_escape(org.get_sector_display())}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"

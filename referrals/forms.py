"""Forms of referrals and volunteer reports; choices come from what the user may see."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Advert, Case, Platform
from portal.access.models import TLP
from portal.access.policy import vetted_membership
from referrals.models import PLATFORM_ANSWERS, ReferralState, ReportStatus, RequestedAction

REFERRAL_TLPS = [(t.value, t.label) for t in (TLP.CLEAR, TLP.GREEN, TLP.AMBER)]


class ReferralFieldsForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    requested_action = forms.ChoiceField(label=_("Requested action"), choices=RequestedAction.choices)
    tlp = forms.ChoiceField(label="TLP", choices=REFERRAL_TLPS, initial=TLP.AMBER)


class ReferralCreateForm(ReferralFieldsForm):
    adverts = forms.ModelMultipleChoiceField(
        queryset=Advert.objects.none(), label=_("Adverts"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adverts"].queryset = (
            Advert.objects.visible_to(user).select_related("platform").order_by("-created_at", "-id")
        )


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Answer"), choices=[(s.value, s.label) for s in ReferralState if s in PLATFORM_ANSWERS]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    url = forms.URLField(label=_("Address of the advert"), max_length=500, assume_scheme="https")
    platform = forms.ModelChoiceField(queryset=Platform.objects.all(), required=False, label=_("Platform"))
    listing_id = forms.CharField(label=_("Listing id"), max_length=120, required=False)
    text = forms.CharField(label=_("Text of the advert"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    screenshot = forms.FileField(label=_("Screenshot"), required=False)


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in (ReportStatus.NEW, ReportStatus.DUPLICATE, ReportStatus.DISMISSED)],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class LinkAdvertForm(forms.Form):
    """Link a report to an advert already known (one of those the report page lists)."""

    advert = forms.IntegerField(label=_("Advert"), min_value=1)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ReportAdvertForm(forms.Form):
    case = forms.ModelChoiceField(queryset=Case.objects.none(), label=_("Case"))
    title = forms.CharField(label=_("Advert title"), max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)

        membership = vetted_membership(user)
        qs = Case.objects.visible_to(user)
        self.fields["case"].queryset = qs.filter(owner_org_id=membership.organisation_id if membership else None)

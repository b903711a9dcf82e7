"""The form base for shared records: marking fields, spaces limited to the user's own, a version for locking."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.access.models import check_marking
from portal.access.policy import can_share, user_space_ids
from portal.access.registry import policy_for
from portal.orgs.models import Space


class ShareableForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    spaces = forms.ModelMultipleChoiceField(
        queryset=Space.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Spaces")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The labels of fields kept from this editor (personal data they may not read): never sent to the browser,
        # kept as they are on save.
        self.withheld: list[str] = []
        mine = Space.objects.filter(pk__in=user_space_ids(user))
        if self.instance.pk:
            policy = policy_for(type(self.instance))
            self.fields["version"].initial = self.instance.version
            self.fields["spaces"].initial = list(self.instance.spaces.all())
            mine = Space.objects.filter(pk__in=user_space_ids(user)) | self.instance.spaces.all()
            if not can_share(user, self.instance):
                # Who sees or finds the record is the owner's decision: a co-editor sees these fields, read-only.
                for name in policy.reach_fields:
                    if name in self.fields:
                        self.fields[name].disabled = True
            for name in policy.hidden_fields(user, self.instance):
                field = self.fields.pop(name, None)
                if field is not None:
                    self.withheld.append(str(field.label or name))
        self.fields["spaces"].queryset = mine.distinct().order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("distribution") and data.get("tlp"):
            try:
                check_marking(data["distribution"], data["tlp"])
            except forms.ValidationError as error:
                self.add_error(None, error) if not hasattr(error, "error_dict") else self.add_error(
                    "distribution", error.error_dict["distribution"]
                )
        if self.instance.pk and data.get("version") is None:
            self.add_error(None, _("The form is missing its version; reload the page."))
        return data

    def shareable_data(self):
        """The model fields to write and the chosen spaces, for the services."""
        skip = {"spaces"} | {
            name for name in self._meta.fields if isinstance(self.fields.get(name), forms.ModelMultipleChoiceField)
        }
        data = {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name not in skip and name in self.cleaned_data
        }
        return data, list(self.cleaned_data.get("spaces") or [])

    def save_related(self, obj) -> None:
        """Many-to-many fields other than spaces; forms with such fields override this."""

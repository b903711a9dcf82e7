"""Where reports read from: every app's records, always through the policy and capped at a TLP.

The takedown referrals come from referrals.models, imported plainly. optional_model still finds a model by label
for callers that look one up that way; it gives None when the app or model is not installed.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from portal.access.models import TLP, TLP_ORDER, tlp_rank
from portal.access.policy import redact
from portal.access.registry import policy_for
from referrals.models import Referral


def optional_model(label: str):
    """The model with this label, or None when its app is not installed or has no such model."""
    app_label, _, model_name = label.partition(".")
    try:
        if not any(cfg.label == app_label for cfg in apps.get_app_configs()):
            return None
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def referral_model():
    """The takedown referral model (referrals.Referral)."""
    return Referral


def has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
        return True
    except FieldDoesNotExist:
        return False


def first_field(model, *names: str) -> str | None:
    """The first of these field names the model has: reports survive a rename in an app they do not own."""
    return next((name for name in names if model is not None and has_field(model, name)), None)


def tlps_up_to(max_tlp: str) -> list[str]:
    return [str(t) for t in TLP_ORDER[: tlp_rank(max_tlp) + 1]]


def visible(model, viewer, max_tlp: str = TLP.RED, released: bool = False):
    """The viewer's visible records of a model at or below a TLP; an empty queryset for a missing model.

    released=True is for content that leaves with a report: besides the TLP bound, only the author's own
    organisation's records and those already open to every vetted member, so that sharing the report never
    widens a record that another organisation shared with a space or with the author alone.
    """
    if model is None:
        return None
    qs = model.objects.visible_to(viewer).filter(tlp__in=tlps_up_to(max_tlp))
    if released:
        qs = qs.filter(policy_for(model).may_leave_q(viewer))
    return qs


def redact_for_report(viewer, obj):
    """The one redaction, for content that travels beyond its author: personal data always goes."""
    return redact(viewer, obj, leaving=True)

"""Where reports read from: every app's records (imported plainly: reports sit above every other app), always
through the policy and capped at a TLP."""

from portal.access.models import TLP, TLP_ORDER, tlp_rank
from portal.access.policy import redact
from portal.access.registry import policy_for


def tlps_up_to(max_tlp: str) -> list[str]:
    return [str(t) for t in TLP_ORDER[: tlp_rank(max_tlp) + 1]]


def visible(model, viewer, max_tlp: str = TLP.RED, released: bool = False):
    """The viewer's visible records of a model at or below a TLP.

    released=True is for content that leaves with a report: besides the TLP bound, only the author's own
    organisation's records and those already open to every vetted member, so that sharing the report never
    widens a record that another organisation shared with a space or with the author alone.
    """
    qs = model.objects.visible_to(viewer).filter(tlp__in=tlps_up_to(max_tlp))
    if released:
        qs = qs.filter(policy_for(model).may_leave_q(viewer))
    return qs


def redact_for_report(viewer, obj):
    """The one redaction, for content that travels beyond its author: personal data always goes."""
    return redact(viewer, obj, leaving=True)

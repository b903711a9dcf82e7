"""Who reads and acts on a request for assistance: not a shared record, only its two parties."""

from django.db.models import Q

from portal.access.policies import NOTHING, vetted_membership
from portal.access.policy import can_share
from portal.orgs.models import Membership, Role

SENDER, RECIPIENT = "sender", "recipient"


class AssistancePolicy:
    """Two parties, and nobody else, see a thread: the sending side (its sender, and the vetted admins of the
    sending organisation) and the receiving side (the vetted SPOCs and admins of the recipient organisation).
    Portal staff are no party: a thread is never widened."""

    actions = frozenset({"view", "reply", "close", "share_record"})

    def visible_q(self, user) -> Q:
        membership = vetted_membership(user)
        if membership is None:
            return NOTHING
        org = membership.organisation_id
        mine = Q(sender_id=user.pk, sender_org_id=org)
        if membership.role == Role.ADMIN:
            mine |= Q(sender_org_id=org)
        if self._answers_for(membership):
            mine |= Q(recipient_org_id=org)
        return mine

    def side_of(self, user, thread) -> str | None:
        """Which party the user speaks for (the recipient side first: it is the one that can share)."""
        membership = vetted_membership(user)
        if membership is None:
            return None
        if thread.recipient_org_id == membership.organisation_id and self._answers_for(membership):
            return RECIPIENT
        if thread.sender_org_id == membership.organisation_id and (
            thread.sender_id == user.pk or membership.role == Role.ADMIN
        ):
            return SENDER
        return None

    def can(self, user, action: str, thread, record=None) -> bool:
        if action not in self.actions:
            return False
        side = self.side_of(user, thread)
        if action == "share_record":
            return record is not None and side == RECIPIENT and can_share(user, record)
        return side is not None

    def recipients_q(self, organisation) -> Q:
        """The users a request sent to an organisation reaches: its vetted, active SPOCs and admins."""
        answers = Q(membership__is_spoc=True) | Q(membership__role=Role.ADMIN)
        return answers & Q(is_active=True, membership__vetted=True, membership__organisation=organisation)

    @staticmethod
    def _answers_for(membership: Membership) -> bool:
        return membership.is_spoc or membership.role == Role.ADMIN


assistance_policy = AssistancePolicy()

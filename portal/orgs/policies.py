"""The orgs app's who-may-act rule for SPOC profiles (not a shared record: the directory is every vetted
member's, portal.orgs.spoc)."""

from portal.orgs.membership import vetted_membership
from portal.orgs.models import Membership, Role


class SpocProfilePolicy:
    """A SPOC's directory entry is edited by the SPOC themself or a vetted admin of their organisation."""

    def can_edit(self, user, membership: Membership) -> bool:
        mine = vetted_membership(user)
        if mine is None or not membership.is_spoc:
            return False
        return mine.pk == membership.pk or (
            mine.role == Role.ADMIN and mine.organisation_id == membership.organisation_id
        )


spoc_profile_policy = SpocProfilePolicy()

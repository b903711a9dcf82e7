"""What a person may do in the portal whatever the record (the abilities of their membership), and who is in
and who runs a space. The rules about records are the policy objects of `portal.access.policies`."""

from django.db.models import Q

from portal.access.policies import EDITOR_ROLES, NOTHING, PERSONAL_DATA_SECTORS
from portal.orgs.membership import user_space_ids, vetted_membership
from portal.orgs.models import Role, Sector, SpaceMember, SpaceRole


class MemberPolicy:
    """What a person may do in the portal, whatever the record: the abilities of their membership."""

    actions = frozenset(
        {
            "contribute",
            "deconflict",
            "request_assistance",
            "administer_members",
            "refer",
            "read_referral_queue",
            "answer_referrals",
            "submit_report",
            "keep_matrix",
        }
    )

    def can(self, user, action: str) -> bool:
        if action not in self.actions:
            return False
        membership = vetted_membership(user)
        if membership is None:
            return False
        return bool(getattr(self, f"_{action}")(user, membership))

    def _contribute(self, user, membership) -> bool:
        return membership.role in EDITOR_ROLES

    def _deconflict(self, user, membership) -> bool:
        """Deconfliction compares personal data and says who is on a seller's trail: for the sectors that may
        see personal data. A platform or an NGO asking would learn that an agency is after one of its users."""
        return membership.organisation.sector in PERSONAL_DATA_SECTORS

    def _request_assistance(self, user, membership) -> bool:
        return membership.role != Role.VOLUNTEER

    def _administer_members(self, user, membership) -> bool:
        return membership.role == Role.ADMIN

    def _refer(self, user, membership) -> bool:
        """Takedown referrals go from the portal's editors to platforms; platforms answer, they never send."""
        return membership.role in EDITOR_ROLES and membership.organisation.sector != Sector.PLATFORM

    def _read_referral_queue(self, user, membership) -> bool:
        """A platform's staff read the referrals to it (referrals.selectors.referral_queue_for); its volunteers,
        if any, do not."""
        return membership.role != Role.VOLUNTEER

    def _answer_referrals(self, user, membership) -> bool:
        return membership.role in EDITOR_ROLES

    def _submit_report(self, user, membership) -> bool:
        """Volunteer reports come from a scheme's volunteers and staff; a platform never submits one."""
        return membership.role in (Role.VOLUNTEER, *EDITOR_ROLES) and membership.organisation.sector != Sector.PLATFORM

    def _keep_matrix(self, user, membership) -> bool:
        """CITES authorities keep their Party's entries of the legislation matrix; the Secretariat and other IGOs
        may compile them too."""
        return membership.role in EDITOR_ROLES and membership.organisation.sector in (
            Sector.CITES_AUTHORITY,
            Sector.IGO,
        )


class SpacePolicy:
    """Who is in a space (by name, or through their organisation unless a volunteer) and who runs it: its named
    admins and the admins of an organisation that is a space admin."""

    actions = frozenset({"enter", "administer"})

    def can(self, user, action: str, space) -> bool:
        if action not in self.actions or space is None:
            return False
        membership = vetted_membership(user)
        if membership is None:
            return False
        if action == "enter":
            return SpaceMember.objects.filter(space=space, space_id__in=user_space_ids(user, membership)).exists()
        if user.is_superuser:
            return True
        by_org = Q(organisation_id=membership.organisation_id) if membership.role == Role.ADMIN else NOTHING
        return SpaceMember.objects.filter(Q(user_id=user.pk) | by_org, space=space, role=SpaceRole.ADMIN).exists()


member_policy = MemberPolicy()
space_policy = SpacePolicy()

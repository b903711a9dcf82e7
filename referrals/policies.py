"""The policies of referrals and volunteer ("Cyber Spotter") reports."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from portal.access.policies import EDITOR_ROLES, SharePolicy, is_volunteer, vetted_membership
from portal.orgs.models import Role, Sector


class VolunteerReportPolicy(SharePolicy):
    """A spotter's report of a suspicious advert, owned by the organisation that runs the scheme.

    It never reaches a platform (it would tell the seller's platform who is watching) nor an anonymous reader;
    a volunteer reads only their own reports; the volunteer's name is for the scheme's own staff, stricter
    than the personal-data rule: it protects the volunteer, who is no suspect.
    """

    actions = SharePolicy.actions | {"triage"}
    closed_to = frozenset({Sector.PLATFORM})

    def visible_q(self, user) -> Q:
        if is_volunteer(vetted_membership(user)):
            return Q(reporter_id=user.pk)
        return super().visible_q(user)

    def _distribution_keys(self, obj) -> set[str]:
        keys = super()._distribution_keys(obj)
        return keys | {f"~u{obj.reporter_id}"} if obj.reporter_id else keys  # the volunteer who reported it

    def audience(self, obj):
        # A volunteer is in the audience of their own report only, never of their colleagues' reports.
        staff = super().audience(obj).exclude(membership__role=Role.VOLUNTEER)
        # The reporter reads it as a volunteer; a reporter who is staff elsewhere follows the marking like anyone.
        reporter = get_user_model().objects.filter(
            pk=obj.reporter_id, is_active=True, membership__vetted=True, membership__role=Role.VOLUNTEER
        )
        return get_user_model().objects.filter(Q(pk__in=staff.values("pk")) | Q(pk__in=reporter.values("pk")))

    def _extra_audience_words(self, obj) -> list[str]:

        words = super()._extra_audience_words(obj)
        return [*words, _("Of the scheme's volunteers, only the one who reported it")]

    def is_coordinator(self, user, obj) -> bool:
        """The scheme's own staff: members of the owner organisation who are not themselves volunteers."""
        membership = vetted_membership(user)
        return bool(membership and membership.organisation_id == obj.owner_org_id and not is_volunteer(membership))

    def hidden_fields(self, user, obj) -> tuple[str, ...]:
        hidden = super().hidden_fields(user, obj)
        mine = user is not None and user.is_authenticated and obj.reporter_id == user.pk
        if not (self.is_coordinator(user, obj) or mine) and "reporter_name" not in hidden:
            hidden = (*hidden, "reporter_name")
        return hidden

    def can_triage(self, user, obj) -> bool:
        """Editors of the scheme's organisation, and enforcement editors the report was shared with."""
        membership = vetted_membership(user)
        if membership is None or membership.role not in EDITOR_ROLES:
            return False
        if membership.organisation_id == obj.owner_org_id:
            return True
        return membership.organisation.sector == Sector.ENFORCEMENT and self.can_view(user, obj)

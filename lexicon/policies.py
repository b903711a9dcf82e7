"""The lexicon's policy: the portal's rule, and platforms receive only the code words marked releasable."""

from django.db.models import Q
from django.utils.translation import gettext as _

from portal.access.policies import SharePolicy, vetted_membership
from portal.orgs.models import Sector


def receives_releasable_only(user) -> bool:
    """True for members of platform-sector organisations: they get the releasable subset of the lexicon."""
    membership = vetted_membership(user)
    return membership is not None and membership.organisation.sector == Sector.PLATFORM


class CodeWordPolicy(SharePolicy):
    """A platform's trust-and-safety team filters its own site with code words: it receives those the owner
    marked releasable, through every path (pages, API, exports, the scanner, space pages), and no other."""

    # Marking a word releasable sends it to every platform that can see it: only the owner decides that.
    reach_fields = (*SharePolicy.reach_fields, "releasable")

    def visible_q(self, user) -> Q:
        q = super().visible_q(user)
        return q & Q(releasable=True) if receives_releasable_only(user) else q

    def _extra_audience_words(self, obj) -> list[str]:

        words = super()._extra_audience_words(obj)
        if obj.releasable:
            return [*words, _("Releasable: online platforms that can see it receive it")]
        return [*words, _("Not releasable: never online platforms")]

    def audience(self, obj):
        users = super().audience(obj)
        return users if obj.releasable else users.exclude(membership__organisation__sector=Sector.PLATFORM)

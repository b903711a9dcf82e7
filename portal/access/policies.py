"""One policy object per shared model: who sees a record, who may do what with it, who it reaches, and how it
is redacted for a reader. Every rule about a shared model is read in its policy class.

The base class is the portal's rule (DESIGN.md); a model with a rule of its own registers a subclass
(code words, volunteer reports, a case's records, Party reports). The functions of `portal.access.policy`
(`visible_to`, `can_view`, `can_change`, `who_can_view`, `redact`) keep their signatures and ask these.
After Wagtail's `permission_policies/base.py`: a closed set of actions, and an unknown one is refused.

Abilities that belong to a person rather than to a record (to contribute, to deconflict, to administer an
organisation's members, to run a space) are the actions of `MemberPolicy` and `SpacePolicy` (`portal.access.abilities`).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.access.models import TLP, Distribution
from portal.access.registry import policy_for
from portal.orgs.membership import (  # noqa: F401 (re-exported: callers import them from here)
    is_volunteer,
    user_space_ids,
    vetted_membership,
)
from portal.orgs.models import Role, Sector, Space, SpaceMember

EDITOR_ROLES = (Role.ADMIN, Role.CONTRIBUTOR)
PERSONAL_DATA_SECTORS = (Sector.ENFORCEMENT, Sector.CITES_AUTHORITY, Sector.IGO)
REDACTED = "[redacted]"
NOTHING = Q(pk__in=[])


ANY_READER = "~any"  # the search key of a record that is not a shared record: its source's own rule decides


def reader_keys(user) -> list[str]:
    """The search keys a reader holds (SharePolicy.reach_keys): the portal's rule seen from the reader's side."""
    membership = vetted_membership(user)
    if membership is None:
        return [ANY_READER, "~pub"]
    keys = [ANY_READER, "~pub", f"~u{user.pk}"]
    keys += [f"~s{pk}" for pk in user_space_ids(user, membership).values_list("space_id", flat=True)]
    if not is_volunteer(membership):
        keys += ["~com", f"~o{membership.organisation_id}"]
    return keys


class SharePolicy:
    """The portal's rule for a shared record (DESIGN.md, "Visibility")."""

    # The closed set of actions; `can` refuses any other.
    actions = frozenset({"view", "change", "share", "export", "view_history", "view_actors"})
    # Sectors that never see a record of this model, whatever the marking or grants; such a record is never
    # public either (an anonymous reader could be anyone).
    closed_to: frozenset[str] = frozenset()
    # Fields that decide who sees or finds a record: only the owner organisation's editors change them.
    reach_fields: tuple[str, ...] = ("distribution", "spaces", "tlp", "pap")

    def __init__(self, entry):
        self.entry = entry
        self.model = entry.model
        names = {f.name for f in self.model._meta.get_fields()}
        self.reach_fields = tuple(name for name in type(self).reach_fields if name in names)

    # -- Who sees a record -------------------------------------------------------------------------------

    def visible_q(self, user) -> Q:
        """The rule as one filter. Subqueries, not per-row EXISTS, so PostgreSQL hashes them once."""
        membership = vetted_membership(user)
        if self.closed_to and (membership is None or membership.organisation.sector in self.closed_to):
            return NOTHING  # not even a record marked public
        public = Q(distribution=Distribution.PUBLIC)
        if membership is None:
            return public
        spaces = user_space_ids(user, membership)
        in_my_spaces = self.model.spaces.through.objects.filter(space_id__in=spaces).values(
            f"{self.model._meta.model_name}_id"
        )
        codenames = self._codenames()
        granted_to_me = self.entry.user_grants.objects.filter(
            user_id=user.pk, permission__codename__in=codenames
        ).values("content_object_id")
        granted_to_my_spaces = self.entry.group_grants.objects.filter(
            group__space__in=spaces, permission__codename__in=codenames
        ).values("content_object_id")
        reach = (
            public
            | Q(distribution=Distribution.SPACES, pk__in=in_my_spaces)
            | Q(pk__in=granted_to_me)
            # A RED record is for named recipients only: a grant to a whole space never opens it.
            | (Q(pk__in=granted_to_my_spaces) & ~Q(tlp=TLP.RED))
        )
        if not is_volunteer(membership):
            # A volunteer reads neither their organisation's own records nor community-wide ones.
            reach |= Q(distribution=Distribution.COMMUNITY) | Q(owner_org_id=membership.organisation_id)
        return reach

    def audience(self, obj):
        """The users who may see this record now: the reverse of visible_q, for notifications."""
        active = get_user_model().objects.filter(is_active=True)
        if self.closed_to:
            active = active.filter(membership__vetted=True).exclude(membership__organisation__sector__in=self.closed_to)
        if obj.distribution == Distribution.PUBLIC:
            return active
        vetted = active.filter(membership__vetted=True)
        staff = vetted.exclude(membership__role=Role.VOLUNTEER)
        if obj.distribution == Distribution.COMMUNITY:
            by_marking = Q(pk__in=staff.values("pk"))
        else:
            by_marking = Q(membership__organisation_id=obj.owner_org_id) & ~Q(membership__role=Role.VOLUNTEER)
        record_spaces = []
        if obj.distribution == Distribution.SPACES:
            record_spaces = list(obj.spaces.values_list("pk", flat=True))
        if obj.tlp != TLP.RED:
            record_spaces += list(
                self.entry.group_grants.objects.filter(
                    content_object_id=obj.pk, permission__codename__in=self._codenames(), group__space__isnull=False
                ).values_list("group__space__pk", flat=True)
            )
        in_spaces = SpaceMember.objects.filter(space_id__in=record_spaces)
        granted = self.entry.user_grants.objects.filter(
            content_object_id=obj.pk, permission__codename__in=self._codenames()
        )
        return vetted.filter(
            by_marking
            | Q(pk__in=granted.values("user_id"))
            | Q(pk__in=in_spaces.filter(user__isnull=False).values("user_id"))
            | (
                Q(
                    membership__organisation_id__in=in_spaces.filter(organisation__isnull=False).values(
                        "organisation_id"
                    )
                )
                & ~Q(membership__role=Role.VOLUNTEER)
            )
        ).distinct()

    # -- Who might find a record: keys for the search index ------------------------------------------------

    def reach_keys(self, objs) -> dict[int, set[str]]:
        """For each record (by pk), the keys of everyone who might see it, in three queries however many records.

        The search index stores them so that a search reads as candidates only the records a reader holds a key
        of (`reader_keys`), and never pays for matches hidden from them; visible_q still decides. So the keys
        open at least what visible_q opens: each of its ways to a record has a key its readers hold
        (tests/access/test_reach_keys.py checks this against the rule for every record and user of the cast).
        """
        objs = list(objs)
        keys = {obj.pk: {f"~o{obj.owner_org_id}", *self._distribution_keys(obj)} for obj in objs}
        in_spaces = [obj.pk for obj in objs if obj.distribution == Distribution.SPACES]
        field = f"{self.model._meta.model_name}_id"
        for pk, space in self.model.spaces.through.objects.filter(**{f"{field}__in": in_spaces}).values_list(
            field, "space_id"
        ):
            keys[pk].add(f"~s{space}")
        grants = {"content_object_id__in": list(keys), "permission__codename__in": self._codenames()}
        for pk, user in self.entry.user_grants.objects.filter(**grants).values_list("content_object_id", "user_id"):
            keys[pk].add(f"~u{user}")
        by_space = self.entry.group_grants.objects.filter(**grants, group__space__isnull=False)
        for pk, space in by_space.values_list("content_object_id", "group__space__pk"):
            keys[pk].add(f"~s{space}")
        return keys

    def grant_key(self, grant) -> str | None:
        """The key one grant row gives its record, as reach_keys counts it (a view or change grant)."""
        if getattr(grant, "user_id", None) is not None:
            return f"~u{grant.user_id}"
        space = Space.objects.filter(group_id=grant.group_id).values_list("pk", flat=True).first()
        return f"~s{space}" if space is not None else None

    def _distribution_keys(self, obj) -> set[str]:
        """Keys of a record's own marking; a model whose rule opens a record to someone else adds theirs."""
        return {Distribution.PUBLIC: {"~pub"}, Distribution.COMMUNITY: {"~com"}}.get(obj.distribution, set())

    def may_leave_q(self, user) -> Q:
        """Of what the user sees, what may leave with content they pass on (a Party report): their own
        organisation's records and those already open to every vetted member, so that passing it on never widens
        a record another organisation shared with a space or with them alone."""
        membership = vetted_membership(user)
        own = Q(owner_org_id=membership.organisation_id) if membership else NOTHING
        return own | Q(distribution__in=[Distribution.COMMUNITY, Distribution.PUBLIC])

    # -- What a user may do with a record ----------------------------------------------------------------

    def can(self, user, action: str, obj) -> bool:
        """Whether the user may do action on obj; an action outside the closed set is refused."""
        if action not in self.actions or obj is None or obj.pk is None:
            return False
        return bool(getattr(self, f"can_{action}")(user, obj))

    def can_view(self, user, obj) -> bool:
        return self.model.objects.visible_to(user).filter(pk=obj.pk).exists()

    def can_change(self, user, obj) -> bool:
        """Owner-organisation admins and contributors, and named outsiders given a change grant."""
        membership = vetted_membership(user)
        if membership is None:
            return False
        if membership.organisation_id == obj.owner_org_id:
            return membership.role in EDITOR_ROLES
        return self._has_grant(user, obj, f"change_{self.model._meta.model_name}") and self.can_view(user, obj)

    def can_share(self, user, obj) -> bool:
        """Only the owner organisation's editors change who sees or finds a record; co-editors do not."""
        return self.is_owner_editor(user, obj)

    def can_export(self, user, obj) -> bool:
        return self.can_view(user, obj)

    def can_view_history(self, user, obj) -> bool:
        """The whole history, earlier values included: the owner organisation's editors only."""
        return self.is_owner_editor(user, obj)

    def can_view_actors(self, user, obj) -> bool:
        """Names of the people who acted on a record: the owner organisation and the personal-data sectors."""
        return self.sees_personal_data(user, obj) and self.can_view(user, obj)

    def is_owner_editor(self, user, obj) -> bool:
        membership = vetted_membership(user)
        return bool(membership and obj.owner_org_id == membership.organisation_id and membership.role in EDITOR_ROLES)

    # -- How a record reads to a user --------------------------------------------------------------------

    def sees_personal_data(self, user, obj) -> bool:
        """Personal data shows to the owner organisation and to enforcement, CITES authority and IGO viewers."""
        membership = vetted_membership(user)
        if membership is None:
            return False
        return membership.organisation_id == obj.owner_org_id or membership.organisation.sector in PERSONAL_DATA_SECTORS

    def personal_data_q(self, user) -> Q:
        """The records whose personal data the user may read, as a filter: for finding them by it (search)."""
        membership = vetted_membership(user)
        if membership is None:
            return NOTHING
        if membership.organisation.sector in PERSONAL_DATA_SECTORS:
            return Q()
        return Q(owner_org_id=membership.organisation_id)

    def hidden_fields(self, user, obj) -> tuple[str, ...]:
        """The fields this reader must not read: the personal ones, unless they may see personal data."""
        return () if self.sees_personal_data(user, obj) else tuple(obj.personal_fields)

    def redact(self, user, obj, *, leaving: bool = False):
        """Replace the fields the reader may not read with a placeholder; the object can no longer be saved.

        leaving=True is for content that travels beyond its reader (a Party report): personal data always goes.
        The caller must already have established that the user may view obj (it came from visible_to).
        """
        hidden = tuple(obj.personal_fields) if leaving else self.hidden_fields(user, obj)
        for name in hidden:
            if getattr(obj, name, None) not in (None, "", [], {}):
                setattr(obj, name, REDACTED)
        if hidden or leaving:
            obj._redacted = True
        return obj

    def history(self, user, obj, revisions) -> list:
        """A record's revisions (newest first, each with a `changes` dict of field -> [before, after]) as far as
        the reader may read them.

        The owner organisation's editors read it all. Anyone else reads only what was written since the record
        last changed who could see it (a marking, its spaces, "releasable"): before that, it was someone else's to
        read; and never the ids of its spaces, which are not theirs to know.
        """
        revisions = list(revisions)
        if self.can(user, "view_history", obj):
            return revisions
        reach = set(self.reach_fields) - {"spaces"}
        shown, newer_spaces = [], None
        for revision in revisions:
            changes = dict(revision.changes or {})
            spaces = changes.pop("spaces", None)
            if newer_spaces is not None and spaces is not None and spaces != newer_spaces:
                break  # the newer revision moved the record to other spaces: this one was read by others
            if spaces is not None:
                newer_spaces = spaces
            if reach & set(changes):
                break  # this revision changed who may see the record: it and what came before are not theirs
            revision.changes = changes
            shown.append(revision)
        return shown

    def describe_audience(self, user, obj) -> list[str]:
        """Who can see this record, in words, as the reader may know it: the "Who can see this" panel of every
        record page and the share dialog. Spaces the reader is not in are counted, not named; named people are
        named to the owner organisation only."""

        owner = obj.owner_org
        lines = [_("Members of %(org)s, the owner organisation") % {"org": owner.name}]
        if obj.distribution == Distribution.PUBLIC:
            lines.append(_("Anyone, signed in or not: the record is public"))
        elif obj.distribution == Distribution.COMMUNITY:
            lines.append(self._community_words())
        space_ids = set(obj.spaces.values_list("pk", flat=True)) if obj.distribution == Distribution.SPACES else set()
        if obj.tlp != TLP.RED:
            space_ids |= set(
                self.entry.group_grants.objects.filter(
                    content_object_id=obj.pk, group__space__isnull=False
                ).values_list("group__space__pk", flat=True)
            )
        if space_ids:
            mine = set(Space.objects.filter(pk__in=user_space_ids(user)).values_list("pk", flat=True))
            owner_view = self.is_owner_editor(user, obj)
            named = Space.objects.filter(pk__in=space_ids if owner_view else space_ids & mine).order_by("name")
            names = [space.name for space in named]
            others = len(space_ids) - len(names)
            if names:
                lines.append(_("Members of the spaces: %(names)s") % {"names": ", ".join(names)})
            if others:
                lines.append(
                    ngettext("Members of %(n)d other space", "Members of %(n)d other spaces", others) % {"n": others}
                )
        grantees = self.entry.user_grants.objects.filter(content_object_id=obj.pk).values_list("user_id", flat=True)
        people = set(grantees)
        if people:
            if self.is_owner_editor(user, obj):
                names = sorted(u.full_name or u.email for u in get_user_model().objects.filter(pk__in=people))
                lines.append(_("Named people: %(names)s") % {"names": ", ".join(names)})
            else:
                lines.append(ngettext("%(n)d named person", "%(n)d named people", len(people)) % {"n": len(people)})
        lines += self._extra_audience_words(obj)
        return lines

    def _community_words(self) -> str:

        if Sector.PLATFORM in self.closed_to:
            return _("Every vetted member of the portal except online platforms")
        return _("Every vetted member of the portal, online platforms included")

    def _extra_audience_words(self, obj) -> list[str]:
        """A model's own limits on the audience above, in words (a subclass adds them)."""

        words = []
        if self.closed_to and obj.distribution != Distribution.COMMUNITY:
            words.append(_("Never online platforms, whatever is shared"))
        if obj.tlp == TLP.RED:
            words.append(_("TLP:RED: named people only, never a whole space"))
        return words

    # -- Helpers -----------------------------------------------------------------------------------------

    def _codenames(self) -> list[str]:
        name = self.model._meta.model_name
        return [f"view_{name}", f"change_{name}"]

    def _has_grant(self, user, obj, codename: str) -> bool:
        return self.entry.user_grants.objects.filter(
            user_id=user.pk, content_object_id=obj.pk, permission__codename=codename
        ).exists()


class ChildPolicy(SharePolicy):
    """A record that belongs to another (an advert of a case) is never more visible than its parent, whatever
    its own marking or grants say."""

    @property
    def parent_field(self) -> str:
        return self.entry.parent_field

    def parent_model(self):
        return self.model._meta.get_field(self.parent_field).related_model

    def visible_q(self, user) -> Q:
        parent_visible = self.parent_model().objects.visible_to(user).values("pk")
        return super().visible_q(user) & Q(**{f"{self.parent_field}__in": parent_visible})

    def _extra_audience_words(self, obj) -> list[str]:

        parent = getattr(obj, self.parent_field)
        return [
            *super()._extra_audience_words(obj),
            _("Only those who can also see %(parent)s: a record is never more visible than its %(kind)s")
            % {"parent": parent, "kind": parent._meta.verbose_name},
        ]

    def audience(self, obj):

        parent = getattr(obj, self.parent_field)
        return super().audience(obj).filter(pk__in=policy_for(type(parent)).audience(parent).values("pk"))

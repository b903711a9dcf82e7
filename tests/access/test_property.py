"""Random worlds of organisations, spaces, memberships, grants and records: visible_to agrees with the oracle."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from portal.access.models import ALLOWED_DISTRIBUTIONS, TLP, Distribution
from portal.access.policies import reader_keys
from portal.access.policy import who_can_view
from portal.access.registry import policy_for, shareable_entry
from portal.orgs.models import Sector
from tests.access.oracle import may_view, record_facts, user_facts
from tests.factories import (
    AdvertFactory,
    BulletinFactory,
    CaseFactory,
    CodeWordFactory,
    MembershipFactory,
    OrganisationFactory,
    SpaceMemberFactory,
    UserFactory,
    VolunteerReportFactory,
    space,
)

# A bulletin follows the core rule alone; a volunteer report also never reaches platform members and is read by
# a volunteer only when theirs; a code word reaches platforms only when releasable; an advert never goes wider
# than its case.
MAKERS = {
    "bulletin": BulletinFactory,
    "volunteer report": VolunteerReportFactory,
    "code word": CodeWordFactory,
    "advert": AdvertFactory,
}

MARKINGS = [(d, t) for t in TLP for d in Distribution if d in ALLOWED_DISTRIBUTIONS[t]]

worlds = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(sorted(MAKERS)),
        "orgs": st.integers(min_value=1, max_value=4),
        "users": st.lists(
            st.tuples(st.integers(0, 3), st.booleans(), st.booleans(), st.sampled_from(["contributor", "volunteer"])),
            min_size=1,
            max_size=7,
        ),  # (org index, vetted, active, role)
        "spaces": st.lists(
            st.tuples(st.sets(st.integers(0, 3), max_size=3), st.sets(st.integers(0, 6), max_size=2)), max_size=3
        ),  # (member org indexes, member user indexes)
        "records": st.lists(
            st.tuples(
                st.integers(0, 3),  # owner org
                st.sampled_from(MARKINGS),
                st.sets(st.integers(0, 2), max_size=2),  # spaces shared into
                st.sets(st.integers(0, 6), max_size=2),  # users granted
                st.sets(st.integers(0, 2), max_size=2),  # spaces granted
                st.booleans(),  # releasable (code words)
                st.integers(0, 6),  # reporter (volunteer reports)
                st.sampled_from(MARKINGS),  # the parent's marking (adverts)
            ),
            min_size=1,
            max_size=8,
        ),
    }
)


class VisibilityProperty(TestCase):
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(world=worlds)
    def test_visible_to_and_who_can_view_match_the_oracle(self, world):
        orgs = [OrganisationFactory(sector=list(Sector)[i % len(Sector)]) for i in range(world["orgs"])]
        users = []
        for org_index, vetted, active, role in world["users"]:
            user = UserFactory(is_active=active)
            MembershipFactory(user=user, organisation=orgs[org_index % len(orgs)], vetted=vetted, role=role)
            users.append(user)
        spaces = []
        for org_indexes, user_indexes in world["spaces"]:
            s = space()
            for i in org_indexes:
                SpaceMemberFactory(space=s, organisation=orgs[i % len(orgs)])
            for i in user_indexes:
                SpaceMemberFactory(space=s, user=users[i % len(users)])
            spaces.append(s)
        records = []
        for n, row in enumerate(world["records"]):
            owner, (distribution, tlp), shared, granted_users, granted_spaces, releasable, reporter, parent = row
            into = [spaces[i % len(spaces)] for i in shared] if spaces else []
            if distribution == Distribution.SPACES and not into:
                distribution = Distribution.ORGANISATION
            if parent[0] == Distribution.SPACES and not into:
                parent = (Distribution.ORGANISATION, parent[1])
            extra = {
                "code word": {"releasable": releasable},
                "volunteer report": {"reporter": users[reporter % len(users)]},
                "advert": {
                    "case": CaseFactory(
                        owner_org=orgs[owner % len(orgs)], marker=f"case{n}", distribution=parent[0], tlp=parent[1],
                        spaces=into if parent[0] == Distribution.SPACES else [],
                    )
                },
            }.get(world["kind"], {})  # fmt: skip
            obj = MAKERS[world["kind"]](
                owner_org=orgs[owner % len(orgs)],
                marker=f"r{n}",
                distribution=distribution,
                tlp=tlp,
                spaces=into if distribution == Distribution.SPACES else [],
                **extra,
            )
            for i in granted_users:
                _grant(obj, user=users[i % len(users)])
            for i in granted_spaces if spaces else ():
                _grant(obj, group=spaces[i % len(spaces)].group)
            records.append(obj)
        facts = {obj.pk: record_facts(obj) for obj in records}
        model = type(records[0])
        reach = policy_for(model).reach_keys(records)
        for user in [*users, AnonymousUser()]:
            u = user_facts(user)
            expected = {pk for pk, r in facts.items() if may_view(u, r)}
            fresh = user if not user.is_authenticated else type(user).objects.get(pk=user.pk)
            assert set(model.objects.visible_to(fresh).values_list("pk", flat=True)) == expected
            # The search index's keys never hide a record the rule shows (they may let through more).
            held = set(reader_keys(fresh))
            assert expected <= {pk for pk, keys in reach.items() if keys & held}
        for obj in records:
            expected_users = {user.pk for user in users if may_view(user_facts(user), facts[obj.pk]) and user.is_active}
            assert {user.pk for user in who_can_view(obj)} == expected_users


def _grant(obj, *, user=None, group=None) -> None:
    """A view grant row as guardian stores it, without the share dialog's refusals: the policy must hold even
    against a grant it would refuse (one made before the grantee's organisation changed sector, say)."""
    entry = shareable_entry(type(obj))
    permission = Permission.objects.get(
        content_type__app_label=obj._meta.app_label, codename=f"view_{obj._meta.model_name}"
    )
    if user is not None:
        row = entry.user_grants(user=user, permission=permission, content_object=obj)
        entry.user_grants.objects.bulk_create([row], ignore_conflicts=True)
    else:
        row = entry.group_grants(group=group, permission=permission, content_object=obj)
        entry.group_grants.objects.bulk_create([row], ignore_conflicts=True)


pytestmark = pytest.mark.django_db

"""who_can_view agrees with visible_to for code words: platforms are an audience only of releasable ones."""

import pytest

from lexicon.models import CodeWord
from portal.access.models import TLP, Distribution
from portal.access.policy import who_can_view
from tests.factories import CodeWordFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("releasable", [True, False])
def test_reverse_policy_follows_the_releasable_rule(cast, releasable):
    word = CodeWordFactory(
        owner_org=cast.owner_org, marker="m", distribution=Distribution.COMMUNITY, tlp=TLP.GREEN, releasable=releasable
    )
    audience = set(who_can_view(word))
    for user in (cast.other_sector, cast.outsider, cast.space_member):
        assert (user in audience) == CodeWord.objects.visible_to(user).filter(pk=word.pk).exists()
    assert (cast.other_sector in audience) is releasable
    assert cast.outsider in audience

"""The CITES Parties loaded by the migrations: the Secretariat's count, and none of the states outside."""

import pytest

from portal.orgs.models import CitesParty

NOT_PARTIES = {"AD", "FM", "HT", "KI", "KP", "MH", "NR", "SS", "TL", "TM", "TV"}


@pytest.mark.django_db
def test_184_parties_183_states_and_the_european_union():
    assert CitesParty.objects.count() == 184
    assert list(CitesParty.objects.filter(is_regional_organisation=True).values_list("code", flat=True)) == ["EU"]
    assert not CitesParty.objects.filter(code__in=NOT_PARTIES).exists()
    assert CitesParty.objects.filter(code__in=["PS", "AO", "IQ", "LB", "MV", "TJ", "TO", "KE", "CN"]).count() == 9

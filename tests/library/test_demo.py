"""The library's demo data: every kind at every distribution, safe to seed twice."""

import pytest

from portal.access.models import Distribution
from portal.demo import seed_all
from portal.library.models import Attachment, Document, DocumentKind, LegislationEntry
from portal.orgs.models import Membership

pytestmark = pytest.mark.django_db


def test_seeding_twice_gives_every_kind_and_distribution_once():
    seed_all()
    counts = (Document.bypass_policy.count(), Attachment.objects.count())
    seed_all()
    assert (Document.bypass_policy.count(), Attachment.objects.count()) == counts
    assert LegislationEntry.bypass_policy.values("party").distinct().count() >= 8
    spocs = Membership.objects.filter(is_spoc=True, user__email__endswith=".demo")
    assert spocs.exists() and not spocs.filter(spoc_profile__isnull=True).exists()
    docs = list(Document.bypass_policy.all())
    assert len(docs) >= 30
    assert {d.kind for d in docs} == set(DocumentKind.values)
    assert {d.distribution for d in docs} == set(Distribution.values)
    assert Document.bypass_policy.filter(supersedes__isnull=False).exists()
    assert Document.translations.through.objects.exists()
    for doc in docs:
        doc.full_clean(exclude=["owner_org", "author", "spaces"])  # markings obey the TLP rules

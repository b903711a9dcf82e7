"""Links between records (related cases, code words, defendants): shown, changed and kept through the policy.

The related managers read through the policy's manager, which returns nothing without a user; these tests
hold that links can be both removed and kept, in the pages and the API.
"""

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from cases.models import Case, Prosecution
from portal.access.models import TLP, Distribution
from portal.access.services import linked_ids
from tests.cases.test_cases import case_form_data
from tests.factories import CaseFactory, EvidenceFactory, PersonFactory, ProsecutionFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(cast):
    """The owner's case, linked to a case its editor can see and to one the editor cannot."""
    case = CaseFactory(owner_org=cast.owner_org, marker="Main case")
    seen = CaseFactory(owner_org=cast.owner_org, marker="Seen case")
    hidden = CaseFactory(owner_org=cast.outsider_org, marker="Hidden case")
    case.related_cases.add(seen, hidden)
    return case, seen, hidden


def test_the_edit_form_shows_the_links_and_unticking_one_removes_it_keeping_hidden_ones(cast, linked):
    case, seen, hidden = linked
    client = client_for(cast.owner_editor)
    url = reverse("cases:edit", args=[case.pk])
    form = client.get(url).context["form"]
    assert [c.pk for c in form.initial["related_cases"]] == [seen.pk]
    # Saved as shown: nothing changes.
    assert client.post(url, case_form_data(case, related_cases=[seen.pk])).status_code == 302
    assert linked_ids(case, "related_cases") == {seen.pk, hidden.pk}
    case.refresh_from_db()
    # Unticked: the visible link goes, the hidden one stays.
    assert client.post(url, case_form_data(case)).status_code == 302
    assert linked_ids(case, "related_cases") == {hidden.pk}
    assert linked_ids(seen, "related_cases") == set()  # both directions


def test_the_api_removes_links_and_keeps_hidden_ones(cast, linked):
    case, seen, hidden = linked
    client = client_for(cast.owner_editor)
    url = reverse("api:case-detail", args=[case.pk])
    assert client.get(url).json()["related_cases"] == [seen.pk]
    response = client.patch(url, {"related_cases": [], "version": case.version}, content_type="application/json")
    assert response.status_code == 200 and response.json()["related_cases"] == []
    assert linked_ids(case, "related_cases") == {hidden.pk}


@pytest.fixture
def prosecution(cast):
    case = CaseFactory(owner_org=cast.owner_org, marker="Prosecuted case", distribution=Distribution.COMMUNITY,
                       tlp=TLP.GREEN)  # fmt: skip
    shown = PersonFactory(owner_org=cast.owner_org, marker="Defendant shown", case=case,
                          distribution=Distribution.COMMUNITY, tlp=TLP.GREEN)  # fmt: skip
    kept = PersonFactory(owner_org=cast.owner_org, marker="Defendant org-only", case=case)
    obj = ProsecutionFactory(owner_org=cast.owner_org, marker="Court", case=case, distribution=Distribution.COMMUNITY,
                             tlp=TLP.GREEN)  # fmt: skip
    obj.defendants.add(shown, kept)
    return obj, shown, kept


def test_the_prosecution_api_names_the_defendants_the_caller_may_see(client, cast, prosecution):
    obj, shown, kept = prosecution
    client.force_login(cast.owner_editor)
    rows = client.get(reverse("api:case-prosecution-list")).json()["results"]
    assert next(r for r in rows if r["id"] == obj.pk)["defendants"] == sorted([shown.pk, kept.pk])
    client.force_login(cast.outsider)
    assert client.get(reverse("api:case-prosecution-detail", args=[obj.pk])).json()["defendants"] == [shown.pk]


def test_defendants_must_be_persons_of_the_same_case(cast, prosecution):
    obj, _shown, _kept = prosecution
    stranger = PersonFactory(owner_org=cast.owner_org, marker="Person of another case")
    client = client_for(cast.owner_editor)
    url = reverse("api:case-prosecution-detail", args=[obj.pk])
    response = client.patch(url, {"defendants": [stranger.pk], "version": obj.version}, content_type="application/json")
    assert response.status_code == 400 and "defendants" in response.json()
    assert stranger.pk not in linked_ids(obj, "defendants")


def test_the_prosecution_form_shows_its_defendants_and_keeps_them_when_saved(cast, prosecution):
    obj, shown, kept = prosecution
    client = client_for(cast.owner_editor)
    url = reverse("cases:prosecution-edit", args=[obj.pk])
    form = client.get(url).context["form"]
    assert {p.pk for p in form.initial["defendants"]} == {shown.pk, kept.pk}
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["defendants"] = [shown.pk]
    data["spaces"] = []
    assert client.post(url, data).status_code == 302
    assert linked_ids(Prosecution.bypass_policy.get(pk=obj.pk), "defendants") == {shown.pk}


def test_evidence_keeps_its_file_when_edited(cast):
    evidence = EvidenceFactory(owner_org=cast.owner_org, marker="Screenshot")
    client = client_for(cast.owner_editor)
    body = client.get(reverse("cases:evidence-edit", args=[evidence.pk])).content.decode()
    assert 'name="upload"' not in body  # a new file is new evidence, never silently dropped
    payload = encode_multipart(BOUNDARY, {"upload": ("new.pdf", b"%PDF-1.4\n%%EOF\n"), "version": evidence.version})
    response = client.patch(
        reverse("api:case-evidence-detail", args=[evidence.pk]), payload, content_type=MULTIPART_CONTENT
    )
    assert response.status_code == 400 and "upload" in response.json()


def test_revoking_with_a_bad_id_is_a_400(cast):
    case = CaseFactory(owner_org=cast.owner_org, marker="Shared case")
    client = client_for(cast.owner_editor)
    url = reverse("access:share", args=["cases.case", case.pk])
    assert client.post(url, {"revoke_user": "abc"}).status_code == 400
    assert Case.bypass_policy.filter(pk=case.pk).exists()

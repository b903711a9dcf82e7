"""Cases end to end: redaction, concurrent edits, child markings, references, deconfliction, query counts."""

import datetime
import threading

import pytest
from django.db import connections
from django.urls import reverse

from cases.models import Advert, Case, Person
from cases.services import case_create, child_create
from portal.access.models import TLP, Distribution
from portal.access.policy import REDACTED
from portal.audit.models import AuditEvent
from tests.factories import (
    AdvertFactory,
    CaseFactory,
    OrganisationFactory,
    PersonFactory,
    PlatformFactory,
    client_for,
    count_queries,
    member,
)

pytestmark = pytest.mark.django_db

NAMES, PHONE, HANDLE, SELLER = "Jomo Kariuki", "+254712345678", "ivory_jomo", "scales_seller_77"


@pytest.fixture
def shared_case(cast):
    """A community-wide case with a person and an advert holding personal data."""
    case = CaseFactory(owner_org=cast.owner_org, marker="Pangolin scales ring", distribution=Distribution.COMMUNITY)
    person = PersonFactory(
        owner_org=cast.owner_org, marker="Seller in the Mombasa group", case=case,
        distribution=Distribution.COMMUNITY, names=NAMES, phone_numbers=PHONE, account_handles=HANDLE,
    )  # fmt: skip
    advert = AdvertFactory(
        owner_org=cast.owner_org, marker="Scales for sale", case=case, distribution=Distribution.COMMUNITY,
        seller_handle=SELLER,
    )  # fmt: skip
    return case, person, advert


# Redaction --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("viewer", "redacted"), [("space_member", True), ("other_sector", True), ("outsider", False)])
def test_personal_fields_in_pages(cast, shared_case, viewer, redacted):
    case, person, advert = shared_case
    client = client_for(getattr(cast, viewer))
    pages = [
        client.get(reverse("cases:detail", args=[case.pk])),
        client.get(reverse("cases:person-detail", args=[person.pk])),
        client.get(reverse("cases:advert-detail", args=[advert.pk])),
    ]
    body = "".join(p.content.decode() for p in pages)
    assert all(p.status_code == 200 for p in pages)
    assert "Seller in the Mombasa group" in body and "Scales for sale" in body
    for secret in (NAMES, PHONE, HANDLE, SELLER):
        assert (secret in body) is not redacted, secret
    assert (REDACTED in body) is redacted


@pytest.mark.parametrize(("viewer", "redacted"), [("space_member", True), ("other_sector", True), ("outsider", False)])
def test_personal_fields_in_the_api(cast, shared_case, viewer, redacted):
    case, person, advert = shared_case
    client = client_for(getattr(cast, viewer))
    person_data = client.get(reverse("api:case-person-detail", args=[person.pk])).json()
    persons = client.get(reverse("api:case-person-list")).json()["results"]
    adverts = client.get(reverse("api:case-advert-list")).json()["results"]
    assert [p["id"] for p in persons] == [person.pk] and [a["id"] for a in adverts] == [advert.pk]
    if redacted:
        assert person_data["names"] == REDACTED and person_data["phone_numbers"] == REDACTED
        assert person_data["account_handles"] == REDACTED and persons[0]["names"] == REDACTED
        assert adverts[0]["seller_handle"] == REDACTED
    else:
        assert person_data["names"] == NAMES and person_data["phone_numbers"] == PHONE
        assert adverts[0]["seller_handle"] == SELLER
    assert person_data["description"] == "Seller in the Mombasa group"


def test_the_owner_sees_personal_data_whatever_its_sector(cast, shared_case):
    _case, person, _advert = shared_case
    client = client_for(cast.owner_reader)
    assert client.get(reverse("api:case-person-detail", args=[person.pk])).json()["names"] == NAMES


# Two people editing the same record ----------------------------------------------------------------------


def case_form_data(case, **overrides):
    data = {
        "title": case.title,
        "summary": case.summary,
        "country": "KE",
        "status": case.status,
        "lead_org": "",
        "date_detected": "",
        "chain_seen_at": "",
        "distribution": case.distribution,
        "tlp": case.tlp,
        "pap": case.pap,
        "version": case.version,
        "adverts-TOTAL_FORMS": "0",
        "adverts-INITIAL_FORMS": "0",
        "seizures-TOTAL_FORMS": "0",
        "seizures-INITIAL_FORMS": "0",
        "species-TOTAL_FORMS": "0",
        "species-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_the_second_editor_gets_the_conflict_and_nothing_is_lost(client, cast):
    from tests.factories import member

    case = CaseFactory(owner_org=cast.owner_org, marker="Original title")
    other_editor = member(cast.owner_org, email="second@owner.test")
    url = reverse("cases:edit", args=[case.pk])
    first = case_form_data(case, title="First editor's title")
    second = case_form_data(case, title="Second editor's title", summary="Second editor's notes")
    client.force_login(cast.owner_editor)
    assert client.post(url, first).status_code == 302
    client.force_login(other_editor)
    response = client.post(url, second)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this record" in body
    assert "Second editor&#x27;s notes" in body or "Second editor's notes" in body  # the typed changes stay
    case.refresh_from_db()
    assert case.title == "First editor's title" and case.version == 2
    # Saving again from the conflict form (now carrying the current version) succeeds.
    assert response.context["form"].data["version"] == 2
    assert client.post(url, {**second, "version": 2}).status_code == 302
    case.refresh_from_db()
    assert case.title == "Second editor's title" and case.summary == "Second editor's notes"


def test_a_stale_version_in_the_api_answers_409(cast):
    case = CaseFactory(owner_org=cast.owner_org, marker="API case")
    client = client_for(cast.owner_editor)
    url = reverse("api:case-detail", args=[case.pk])
    ok = client.patch(url, {"title": "First", "version": 1}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, {"title": "Second", "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and "version" in stale.json()
    case.refresh_from_db()
    assert case.title == "First"


def test_a_stale_version_of_a_child_in_the_page_answers_409(cast):
    person = PersonFactory(owner_org=cast.owner_org, marker="A courier")
    client = client_for(cast.owner_editor)
    url = reverse("cases:person-edit", args=[person.pk])
    data = {"role": "courier", "description": "Changed", "distribution": "organisation", "tlp": "amber",
            "pap": "clear", "version": 1}  # fmt: skip
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "description": "Changed again"})
    assert response.status_code == 409 and "Someone else saved this record" in response.content.decode()
    person.refresh_from_db()
    assert person.description == "Changed"


# Child markings --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case_marking", "child", "field"),
    [
        ({"distribution": Distribution.ORGANISATION}, {"distribution": "community", "tlp": "amber"}, "distribution"),
        ({"distribution": Distribution.COMMUNITY, "tlp": TLP.AMBER}, {"distribution": "community", "tlp": "green"},
         "tlp"),
    ],
)  # fmt: skip
def test_a_record_cannot_be_wider_than_its_case_in_the_page(cast, case_marking, child, field):
    case = CaseFactory(owner_org=cast.owner_org, marker="Narrow case", **case_marking)
    client = client_for(cast.owner_editor)
    data = {"role": "seller", "description": "Too wide", "pap": "clear", **child}
    response = client.post(reverse("cases:person-create", args=[case.pk]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Person.bypass_policy.exists()


def test_a_record_cannot_be_wider_than_its_case_in_the_api(cast):
    case = CaseFactory(owner_org=cast.owner_org, marker="Narrow case")
    client = client_for(cast.owner_editor)
    response = client.post(
        reverse("api:case-advert-list"),
        {"case": case.pk, "title": "Too wide", "distribution": "community", "tlp": "amber", "pap": "clear"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "distribution" in response.json()
    assert not Advert.bypass_policy.exists()


def test_a_record_cannot_go_into_a_space_its_case_is_not_in(cast):
    case = CaseFactory(owner_org=cast.owner_org, marker="Space case", distribution=Distribution.SPACES,
                       spaces=[cast.space])  # fmt: skip
    from django.core.exceptions import ValidationError

    from tests.factories import space

    mine = space(cast.owner_org, name="Another room")
    with pytest.raises(ValidationError) as error:
        child_create(
            actor=cast.owner_editor, model=Person, case=case,
            data={"description": "x", "distribution": "spaces", "tlp": "amber"}, spaces=[mine],
        )  # fmt: skip
    assert "spaces" in error.value.message_dict


def test_narrowing_a_case_narrows_its_records(cast):
    from cases.services import case_update

    case = CaseFactory(owner_org=cast.owner_org, marker="Wide case", distribution=Distribution.COMMUNITY)
    person = PersonFactory(owner_org=cast.owner_org, marker="Wide person", case=case,
                           distribution=Distribution.COMMUNITY)  # fmt: skip
    case_update(actor=cast.owner_editor, case=case, data={"distribution": "organisation"}, expected_version=1)
    person.refresh_from_db()
    assert person.distribution == Distribution.ORGANISATION
    assert not Person.objects.visible_to(cast.outsider).filter(pk=person.pk).exists()


# References -------------------------------------------------------------------------------------------------


def test_references_are_sequential_per_organisation_country_and_year(cast):
    def new(country, year, actor=cast.owner_editor):
        data = {"title": "t", "country": country, "date_detected": datetime.date(year, 5, 1),
                "distribution": "organisation", "tlp": "amber"}  # fmt: skip
        return case_create(actor=actor, data=data).reference

    label = cast.owner_org.acronym.upper()
    assert [new("KE", 2026), new("KE", 2026), new("GB", 2026), new("KE", 2025), new("KE", 2026)] == [
        f"KE-{label}-2026-0001",
        f"KE-{label}-2026-0002",
        f"GB-{label}-2026-0001",
        f"KE-{label}-2025-0001",
        f"KE-{label}-2026-0003",
    ]
    references = list(Case.bypass_policy.values_list("reference", flat=True))
    assert len(references) == len(set(references))


def test_another_organisations_references_say_nothing_of_hidden_cases(cast):
    """Cases another organisation opened (hidden from the reader) leave no gap in the reader's organisation's
    numbers, and the reader's own numbers start at 1 whatever others opened."""

    def new(actor, distribution="organisation"):
        data = {"title": "t", "country": "KE", "date_detected": datetime.date(2026, 5, 1),
                "distribution": distribution, "tlp": "amber" if distribution == "organisation" else "green"}  # fmt: skip
        return case_create(actor=actor, data=data)

    shown = new(cast.owner_editor, "community")
    for _hidden in range(3):
        new(cast.owner_editor)
    shown_after = new(cast.owner_editor, "community")
    other = OrganisationFactory(name="Other Agency", country="KE")
    reader = member(other, email="reader-refs@other.test")
    visible = set(Case.objects.visible_to(reader).values_list("reference", flat=True))
    assert visible == {shown.reference, shown_after.reference}
    own = new(reader)
    assert own.reference == f"KE-{other.acronym.upper()}-2026-0001"


def test_organisations_sharing_an_acronym_keep_their_own_unique_references(cast):
    twin = OrganisationFactory(name="Twin Agency", acronym=cast.owner_org.acronym, country="KE")
    twin_editor = member(twin, email="editor@twin.test")
    data = {"title": "t", "country": "KE", "date_detected": datetime.date(2026, 5, 1),
            "distribution": "organisation", "tlp": "amber"}  # fmt: skip
    first = case_create(actor=cast.owner_editor, data=data).reference
    second = case_create(actor=twin_editor, data=data).reference
    assert first != second and second == f"KE-{cast.owner_org.acronym.upper()}{twin.pk}-2026-0001"
    blank = OrganisationFactory(name="No Acronym", acronym="", country="KE")
    assert case_create(actor=member(blank, email="b@blank.test"), data=data).reference == f"KE-ORG{blank.pk}-2026-0001"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the reference data for later tests
def test_two_cases_created_at_once_in_one_organisation_get_different_references(cast):
    """Both transactions want the first number of a new year: the counter row is created once and locked."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL")
    barrier = threading.Barrier(2)
    references, errors = [], []

    def create():
        try:
            barrier.wait(timeout=10)
            data = {"title": "at once", "country": "KE", "date_detected": datetime.date(2031, 5, 1),
                    "distribution": "organisation", "tlp": "amber"}  # fmt: skip
            references.append(case_create(actor=cast.owner_editor, data=data).reference)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    label = cast.owner_org.acronym.upper()
    assert not errors
    assert sorted(references) == [f"KE-{label}-2031-0001", f"KE-{label}-2031-0002"]


def test_the_reference_cannot_be_set_through_the_api(cast):
    client = client_for(cast.owner_editor)
    response = client.post(
        reverse("api:case-list"),
        {"title": "From the API", "country": "TZ", "reference": "XX-1999-9999", "distribution": "organisation",
         "tlp": "amber", "pap": "clear"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    year = datetime.date.today().year
    assert response.json()["reference"] == f"TZ-{cast.owner_org.acronym.upper()}-{year}-0001"


# Deconfliction -----------------------------------------------------------------------------------------------


def deconflict(client, value, kind="phone", region=""):
    return client.post(reverse("cases:deconflict"), {"kind": kind, "value": value, "region": region})


@pytest.fixture
def held(cast):
    """A person held by the owner organisation only (organisation-wide), indexed for deconfliction."""
    case = CaseFactory(owner_org=cast.owner_org, marker="Hidden case title")
    return child_create(
        actor=cast.owner_editor, model=Person, case=case,
        data={"description": "Hidden person description", "names": NAMES, "phone_numbers": PHONE,
              "account_handles": HANDLE},
    )  # fmt: skip


def test_an_outsider_learns_only_the_organisation_name(cast, held):
    client = client_for(cast.outsider)
    response = deconflict(client, "0712 345 678", region="KE")  # a local form of the same number
    body = response.content.decode()
    assert response.status_code == 200
    assert [o.pk for o in response.context["result"]["organisations"]] == [cast.owner_org.pk]
    assert "Owner Agency" in body
    for secret in (NAMES, HANDLE, "Hidden person description", "Hidden case title", held.case.reference):
        assert secret not in body
    handle = deconflict(client, "@IVORY_JOMO", kind="handle")
    assert [o.pk for o in handle.context["result"]["organisations"]] == [cast.owner_org.pk]


def test_an_opted_out_record_is_not_found(cast, held):
    from cases.services import child_update

    child_update(actor=cast.owner_editor, obj=held, data={"deconfliction_opt_out": True}, expected_version=1)
    client = client_for(cast.outsider)
    response = deconflict(client, PHONE)
    assert response.status_code == 200 and response.context["result"]["organisations"] == []
    assert "Owner Agency" not in response.content.decode()


def test_the_asker_does_not_find_its_own_organisation(cast, held):
    client = client_for(cast.owner_reader)
    assert deconflict(client, PHONE).context["result"]["organisations"] == []


def test_deconfliction_is_rate_limited_and_every_query_audited(cast, held, settings):
    settings.CASES_DECONFLICT_PER_HOUR = 3
    client = client_for(cast.outsider)
    statuses = [deconflict(client, PHONE).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    events = AuditEvent.objects.filter(action="deconflict.query", actor=cast.outsider)
    assert events.count() == 3
    for event in events:
        assert PHONE not in str(event.detail) and event.detail["fingerprint"]


def test_deconfliction_needs_a_vetted_member(cast, held):
    client = client_for(cast.unvetted)
    assert deconflict(client, PHONE).status_code in (302, 403)
    client.logout()
    assert deconflict(client, PHONE).status_code == 302
    assert not AuditEvent.objects.filter(action="deconflict.query").exists()


@pytest.mark.parametrize("name", ["other_sector", "space_member"])
def test_deconfliction_is_for_the_sectors_that_may_see_personal_data(client, cast, held, name):
    """A platform (or an NGO) asking would learn that an agency is on the trail of one of its users."""
    user = getattr(cast, name)
    client.force_login(user)
    refused = deconflict(client, PHONE)
    assert refused.status_code == 403 and cast.owner_org.name not in refused.content.decode()
    assert "enforcement agencies, CITES authorities" in refused.content.decode()
    assert client.get(reverse("cases:deconflict")).status_code == 403
    assert reverse("cases:deconflict") not in client.get(reverse("cases:list")).content.decode()
    assert AuditEvent.objects.filter(action="deconflict.refused", actor=user).count() == 2
    assert not AuditEvent.objects.filter(action="deconflict.query").exists()
    client.force_login(cast.outsider)
    assert reverse("cases:deconflict") in client.get(reverse("cases:list")).content.decode()


def test_a_bad_identifier_is_a_form_error(cast):
    client = client_for(cast.outsider)
    response = deconflict(client, "not a phone")
    assert response.status_code == 400 and "value" in response.context["form"].errors


# Query counts ------------------------------------------------------------------------------------------------


def _cases(cast, n):
    platform = PlatformFactory(name="Marketplace X")
    for i in range(n):
        case = CaseFactory(owner_org=cast.owner_org, marker=f"Case {i}", distribution=Distribution.COMMUNITY)
        case.platforms.add(platform)


@pytest.mark.parametrize("url_name", ["cases:list", "api:case-list"])
@pytest.mark.parametrize("viewer", ["owner_editor", "space_member", "outsider"])
def test_list_query_counts_do_not_grow_with_cases(cast, url_name, viewer):
    client = client_for(getattr(cast, viewer))
    url = reverse(url_name)
    _cases(cast, 3)
    count_queries(client, url)  # warm the per-process caches (content types, permissions)
    few = count_queries(client, url)
    _cases(cast, 27)
    many = count_queries(client, url)
    assert few == many, (few, many)


def test_the_deconfliction_page_sends_the_officers_note_with_the_contact_request(cast, held):
    from portal.assistance.models import AssistanceRequest
    from portal.orgs.models import Membership

    Membership.objects.filter(user=cast.owner_editor).update(is_spoc=True)
    client = client_for(cast.outsider)
    url = reverse("cases:deconflict")
    answer = client.post(url, {"kind": "phone", "value": PHONE, "region": ""}).content.decode()
    assert 'name="message"' in answer and cast.owner_org.name in answer
    data = {"kind": "phone", "value": PHONE, "region": "", "organisation": cast.owner_org.pk, "contact": "1"}
    assert client.post(url, {**data, "message": "Seller also active in GB, ref UK-77"}).status_code == 302
    assert "Seller also active in GB, ref UK-77" in AssistanceRequest.objects.get().messages.get().body


def test_a_contact_request_opens_a_thread_to_the_holders_spocs_and_mails_no_content(
    cast, held, mailoutbox, django_capture_on_commit_callbacks
):
    from cases.deconfliction import contact_request
    from portal.assistance.models import AssistanceRequest
    from portal.orgs.models import Membership

    Membership.objects.filter(user=cast.owner_editor).update(is_spoc=True)
    with django_capture_on_commit_callbacks(execute=True):
        contact_request(
            actor=cast.outsider,
            data={
                "kind": "phone",
                "value": PHONE,
                "organisation": cast.owner_org.pk,
                "message": "TLP:RED operation note",
            },
        )
    thread = AssistanceRequest.objects.get()
    assert thread.recipient_org == cast.owner_org and thread.record_id is None
    assert all("TLP:RED operation note" not in m.body for m in mailoutbox)
    assert [cast.owner_editor.email] in [m.to for m in mailoutbox]


def test_a_record_page_shows_dates_and_flags_as_people_read_them(cast):
    from datetime import UTC
    from datetime import datetime as dt

    advert = AdvertFactory(owner_org=cast.owner_org, marker="READABLE-AD", posted_at=dt(2026, 3, 8, 7, 15, tzinfo=UTC))
    client = client_for(cast.owner_editor)
    body = client.get(reverse("cases:advert-detail", args=[advert.pk])).content.decode()
    assert "+00:00" not in body and "2026" in body and "False" not in body

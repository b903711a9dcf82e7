"""Case exports: only visible rows, personal fields redacted, the TLP line first, audited."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.access.models import TLP, Distribution
from portal.access.policy import REDACTED
from portal.audit.models import AuditEvent
from tests.factories import AdvertFactory, CaseFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(cast):
    shared = CaseFactory(owner_org=cast.owner_org, marker="Shared ivory case", distribution=Distribution.COMMUNITY)
    AdvertFactory(
        owner_org=cast.owner_org, marker="Carved tusk offered", case=shared, distribution=Distribution.COMMUNITY,
        seller_handle="tusk_dealer_9",
    )  # fmt: skip
    AdvertFactory(owner_org=cast.owner_org, marker="Internal advert", case=shared)  # organisation only
    in_space = CaseFactory(
        owner_org=cast.owner_org, marker="Task force case", distribution=Distribution.SPACES, spaces=[cast.space],
        tlp=TLP.AMBER_STRICT,
    )  # fmt: skip
    CaseFactory(owner_org=cast.owner_org, marker="Internal case")
    CaseFactory(owner_org=cast.outsider_org, marker="Outsider case", tlp=TLP.RED)
    return shared, in_space


def sheets(response):
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in workbook.worksheets}


def titles(rows):
    header = rows[1]
    return sorted(row[header.index("title")] for row in rows[2:])


@pytest.mark.parametrize(
    ("viewer", "cases", "tlp"),
    [
        ("space_member", ["Shared ivory case", "Task force case"], "TLP:AMBER+STRICT"),
        ("other_sector", ["Shared ivory case"], "TLP:AMBER"),
        ("owner_reader", ["Internal case", "Shared ivory case", "Task force case"], "TLP:AMBER+STRICT"),
        ("outsider", ["Outsider case", "Shared ivory case"], "TLP:RED"),
    ],
)
def test_xlsx_has_only_visible_rows_and_a_tlp_line(cast, records, viewer, cases, tlp):
    client = client_for(getattr(cast, viewer))
    response = client.get(reverse("cases:export-xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = sheets(response)
    assert data["cases"][0][0] == tlp and data["adverts"][0][0] == tlp
    assert titles(data["cases"]) == cases
    advert_titles = titles(data["adverts"])
    assert "Internal advert" not in advert_titles or viewer == "owner_reader"
    assert "Carved tusk offered" in advert_titles


@pytest.mark.parametrize(("viewer", "redacted"), [("space_member", True), ("other_sector", True), ("outsider", False)])
def test_xlsx_redacts_the_seller_for_ngos_and_platforms(cast, records, viewer, redacted):
    client = client_for(getattr(cast, viewer))
    adverts = sheets(client.get(reverse("cases:export-xlsx")))["adverts"]
    header = adverts[1]
    row = next(r for r in adverts[2:] if r[header.index("title")] == "Carved tusk offered")
    assert row[header.index("seller_handle")] == (REDACTED if redacted else "tusk_dealer_9")
    body = str(adverts)
    assert ("tusk_dealer_9" in body) is not redacted


def test_xlsx_follows_the_list_filters_and_is_audited(cast, records):
    client = client_for(cast.owner_reader)
    response = client.get(reverse("cases:export-xlsx"), {"q": "task force"})
    assert titles(sheets(response)["cases"]) == ["Task force case"]
    event = AuditEvent.objects.get(action="cases.export", actor=cast.owner_reader)
    assert event.detail["rows"] == 1 and event.detail["format"] == "xlsx"


@pytest.mark.parametrize("url_name", ["cases:export-xlsx", "cases:export-csv"])
def test_a_bad_filter_is_refused_naming_the_field_not_dropped(cast, records, url_name):
    """Dropping a bad filter would export every visible case as if it had been applied."""
    client = client_for(cast.other_sector)
    before = AuditEvent.objects.filter(action="cases.export").count()
    for bad in ({"detected_from": "not a date"}, {"taxon": "999999"}):
        response = client.get(reverse(url_name), bad)
        assert response.status_code == 400
        assert next(iter(bad)) in response.content.decode()
    assert AuditEvent.objects.filter(action="cases.export").count() == before


def test_anonymous_exports_only_public_cases(client, cast, records):
    CaseFactory(owner_org=cast.owner_org, marker="Public case", distribution=Distribution.PUBLIC, tlp=TLP.CLEAR)
    data = sheets(client.get(reverse("cases:export-xlsx")))
    assert titles(data["cases"]) == ["Public case"] and data["cases"][0][0] == "TLP:CLEAR"


def test_csv_has_the_tlp_line_and_only_visible_rows(cast, records):
    client = client_for(cast.other_sector)
    response = client.get(reverse("cases:export-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["TLP:AMBER"] and titles(rows) == ["Shared ivory case"]

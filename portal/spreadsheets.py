"""Cells of the CSV and XLSX files the portal writes, which a spreadsheet will never run as formulas.

Every export goes through here: a record's text (a case title, a code word, a seizure's concealment) is
whatever its author typed, and `=HYPERLINK(...)` or `=cmd|...` in a cell is run by the reader's spreadsheet
(CSV or formula injection). In a CSV such text gets a leading apostrophe, which spreadsheets read as "text";
in an XLSX it is stored as a text cell with the quote prefix set, so it reads as typed and stays text.
"""

import csv
import decimal

from openpyxl.cell import Cell

from portal.access.models import TLP

# Spreadsheets start a formula on these (tab and CR too, after which some of them strip the white space).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Numbers are written as numbers: "-5" from an int is a value, not a formula.
NUMBERS = (int, float, decimal.Decimal)


def _is_text(value) -> bool:
    return value is not None and not isinstance(value, NUMBERS)


def safe_cell(value):
    """A CSV cell: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if not _is_text(value):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeCsvWriter:
    """csv.writer whose every cell goes through safe_cell."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def xlsx_row(sheet, row) -> list:
    """Cells for sheet.append(): text always as a text cell (openpyxl makes a formula of "=..."), numbers as numbers."""
    cells = []
    for value in row:
        if not _is_text(value):
            cells.append(value)
            continue
        text = str(value)
        cell = Cell(sheet, row=1, column=1, value=text)  # append() puts it in place
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # editing the cell in a spreadsheet keeps it text
        cells.append(cell)
    return cells


def tlp_label(tlp: str) -> str:
    """The marking as the first line of an export states it: TLP:AMBER, TLP:AMBER+STRICT."""

    return TLP(tlp).label


def write_tlp_header(out, tlp: str, *, note: str = "") -> None:
    """The first line of every export: the most restrictive TLP of what follows.

    out is a SafeCsvWriter (a row of one cell), an openpyxl sheet (the same row), or, with a note, a text
    buffer that gets a comment line "# TLP:AMBER: note" above the CSV's column header.
    """
    label = tlp_label(tlp)
    if note:
        out.write(f"# {label}: {note}\n")
    elif hasattr(out, "writerow"):
        out.writerow([label])
    else:
        out.append([label])

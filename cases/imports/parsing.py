"""Reading an advert upload: the columns and template, the file's rows, and the check of every row.

Nothing here writes to the database; cases.imports.services stores the upload and runs the commit.
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl import Workbook, load_workbook

from cases.models import AdvertStatus, Platform
from portal.spreadsheets import SafeCsvWriter, xlsx_row

# (column, required, help)
COLUMNS = [
    ("platform", True, _lazy("Name of the platform as listed in the portal (or one of its domains)")),
    ("url", True, _lazy("Address of the advert (http or https)")),
    ("title", True, _lazy("Title of the advert")),
    ("text", False, _lazy("Text of the advert")),
    ("listing_id", False, _lazy("The platform's id of the listing")),
    ("language", False, _lazy("Language code, e.g. en, zh, sw")),
    ("posted_at", False, _lazy("Date or date and time posted: YYYY-MM-DD or YYYY-MM-DD HH:MM")),
    ("captured_at", False, _lazy("Date or date and time captured: YYYY-MM-DD or YYYY-MM-DD HH:MM")),
    ("seller_handle", False, _lazy("Seller's account handle (personal data)")),
    ("price", False, _lazy("Price, a number")),
    ("currency", False, _lazy("Currency code, e.g. USD")),
    ("location", False, _lazy("Location given in the advert")),
    ("status", False, _lazy("online, reported, removed or unknown")),
]
COLUMN_NAMES = [name for name, _required, _help in COLUMNS]
REQUIRED = {name for name, required, _help in COLUMNS if required}
MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
MAX_ERRORS = 200
EXAMPLE = {
    "platform": "Example Marketplace",
    "url": "https://example.org/listing/123",
    "title": "Carved ivory bangle",
    "text": "Old stock, real white gold",
    "listing_id": "123",
    "language": "en",
    "posted_at": "2026-03-01 21:15",
    "captured_at": "2026-03-02",
    "seller_handle": "seller_123",
    "price": "250",
    "currency": "USD",
    "location": "Nairobi",
    "status": "online",
}


class ImportFileError(Exception):
    """The file cannot be read at all (format, size, header), or it is gone from storage."""


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(COLUMN_NAMES)
    writer.writerow([EXAMPLE[name] for name in COLUMN_NAMES])
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "adverts"
    sheet.append(xlsx_row(sheet, COLUMN_NAMES))
    sheet.append(xlsx_row(sheet, [EXAMPLE[name] for name in COLUMN_NAMES]))
    help_sheet = workbook.create_sheet("columns")
    help_sheet.append(["column", "required", "meaning"])
    for name, required, text in COLUMNS:
        help_sheet.append(xlsx_row(help_sheet, [name, "yes" if required else "no", text]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_format(name: str) -> str:
    lower = (name or "").lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".xlsx"):
        return "xlsx"
    raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value


def read_rows(content: bytes, fmt: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """(header, [(spreadsheet row number, {column: value})]); blank rows are skipped."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    if fmt == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(_("The CSV file is not UTF-8 text.")) from None
        raw_rows = csv.reader(io.StringIO(text))
    else:
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file error, not a crash
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from None
        raw_rows = workbook.worksheets[0].iter_rows(values_only=True)
    iterator = iter(raw_rows)
    try:
        header = [str(_cell(v)).lower() for v in next(iterator)]
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    missing = [name for name in sorted(REQUIRED) if name not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    rows = []
    for number, values in enumerate(iterator, start=2):
        row = {name: _cell(values[i]) if i < len(values) else "" for i, name in enumerate(header) if name}
        if all(v == "" for v in row.values()):
            continue
        rows.append((number, row))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    return header, rows


def _platforms() -> dict[str, int]:
    out = {}
    for pk, name, domains in Platform.objects.values_list("pk", "name", "domains"):
        out[name.strip().lower()] = pk
        for domain in domains or []:
            out[str(domain).strip().lower()] = pk
    return out


def _datetime(value):
    if isinstance(value, datetime.datetime):
        result = value
    elif isinstance(value, datetime.date):
        result = datetime.datetime.combine(value, datetime.time())
    else:
        text = str(value).strip().replace("T", " ")
        result = None
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                result = datetime.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if result is None:
            raise ValueError
    if timezone.is_naive(result):
        result = timezone.make_aware(result)
    return result


_url = URLValidator(schemes=["http", "https"])


def check_row(row: dict, platforms: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The advert fields of one row and its errors as (column, message)."""
    errors, data = [], {}
    for name in REQUIRED:
        if row.get(name, "") == "":
            errors.append((name, _("This column is required.")))
    platform = str(row.get("platform", "")).strip().lower()
    if platform:
        if platform in platforms:
            data["platform_id"] = platforms[platform]
        else:
            errors.append(("platform", _("Unknown platform '%(name)s'.") % {"name": row["platform"]}))
    url = str(row.get("url", "")).strip()
    if url:
        try:
            _url(url)
            data["url"] = url[:500]
        except ValidationError:
            errors.append(("url", _("Not a valid http or https address.")))
    for name in ("posted_at", "captured_at"):
        if row.get(name, "") != "":
            try:
                data[name] = _datetime(row[name])
            except (ValueError, TypeError, OverflowError):
                errors.append((name, _("Not a date: use YYYY-MM-DD or YYYY-MM-DD HH:MM.")))
    if row.get("price", "") != "":
        try:
            price = Decimal(str(row["price"]).replace(",", ""))
            if not price.is_finite() or price < 0 or price >= Decimal("1e12"):
                raise InvalidOperation
            data["price"] = price.quantize(Decimal("0.01"))
        except InvalidOperation:
            errors.append(("price", _("Not a number.")))
    currency = str(row.get("currency", "")).strip().upper()
    if currency and not (len(currency) == 3 and currency.isalpha()):
        errors.append(("currency", _("Use a three-letter currency code.")))
    data["currency"] = currency
    status = str(row.get("status", "")).strip().lower() or AdvertStatus.ONLINE
    if status not in AdvertStatus.values:
        errors.append(("status", _("Use one of: %(values)s.") % {"values": ", ".join(AdvertStatus.values)}))
    data["status"] = status
    limits = {"title": 300, "listing_id": 120, "language": 12, "seller_handle": 200, "location": 200}
    for name, limit in limits.items():
        value = str(row.get(name, "")).strip()
        if len(value) > limit:
            errors.append((name, _("Longer than %(n)s characters.") % {"n": limit}))
        data[name] = value
    data["text"] = str(row.get("text", "")).strip()
    return data, errors


def check_rows(rows) -> tuple[list[dict], list[dict]]:
    """Every row checked: ([advert fields], [{"row", "column", "message"}]); errors capped at MAX_ERRORS."""
    platforms = _platforms()
    good, errors = [], []
    for number, row in rows:
        data, row_errors = check_row(row, platforms)
        good.append(data)
        for column, message in row_errors:
            if len(errors) < MAX_ERRORS:
                errors.append({"row": number, "column": column, "message": str(message)})
            else:
                errors.append(None)
    return good, errors

"""Import of monitoring results (adverts) from CSV or XLSX: template, dry-run check, all-or-nothing commit.

The upload is kept in default_storage from the preview to the commit. The commit runs as a task: it checks
every row again, then writes all adverts in one transaction (nothing is written if any row is bad), indexes
their seller handles for deconfliction and scans them for code words like adverts saved one by one.
"""

import csv
import datetime
import io
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cases.models import Advert, AdvertImport, AdvertStatus, Case, Identifier, ImportStatus, Platform
from portal.access.models import Distribution
from portal.access.policy import can_change, vetted_membership
from portal.audit.services import audit
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
BATCH = 1000
STALE_AFTER = datetime.timedelta(days=2)
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
    from openpyxl import Workbook

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
        from openpyxl import load_workbook

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


def importable_cases(user):
    """Cases the user may add adverts to: visible, and changeable (owner organisation's editors)."""
    from portal.access.policy import can_contribute

    membership = vetted_membership(user)
    if not can_contribute(user):
        return Case.objects.none()
    return Case.objects.visible_to(user).filter(owner_org=membership.organisation).order_by("-created_at", "-id")


def upload(*, actor, uploaded, case=None, new_case_title="") -> AdvertImport:
    """Store the file and check every row (a dry run): the import row holds the errors for the preview."""
    membership = vetted_membership(actor)
    if membership is None:
        raise PermissionDenied(_("Importing is for vetted members."))
    if case is not None and not can_change(actor, case):
        raise PermissionDenied(_("You may not change this case."))
    fmt = file_format(uploaded.name)
    if uploaded.size and uploaded.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    content = uploaded.read()
    _header, rows = read_rows(content, fmt)  # raises ImportFileError before anything is stored
    path = default_storage.save(f"cases/imports/{uuid.uuid4().hex}.{fmt}", ContentFile(content))
    _good, errors = check_rows(rows)
    obj = AdvertImport.objects.create(
        uploaded_by=actor, organisation=membership.organisation, case=case, new_case_title=new_case_title,
        file=path, original_name=uploaded.name[:200], file_format=fmt, total_rows=len(rows),
        errors=[e for e in errors if e is not None], status=ImportStatus.PREVIEWED,
    )  # fmt: skip
    if len(errors) > MAX_ERRORS:
        obj.errors.append(
            {"row": "", "column": "", "message": _("… and %(n)s more.") % {"n": len(errors) - MAX_ERRORS}}
        )
        obj.save(update_fields=["errors"])
    audit(
        actor=actor, action="cases.import.preview", obj=case,
        detail={"import": obj.pk, "rows": len(rows), "errors": len(errors)},
    )  # fmt: skip
    return obj


def stored_content(obj: AdvertImport) -> bytes:
    if timezone.now() - obj.created_at > STALE_AFTER:
        raise ImportFileError(_("This upload is too old to import; upload the file again."))
    try:
        with default_storage.open(obj.file, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        raise ImportFileError(_("The uploaded file is no longer available; upload it again.")) from None


def start_commit(*, actor, obj: AdvertImport) -> AdvertImport:
    """Refuse a file with errors or a lost upload; otherwise hand the import to the task backend."""
    from cases.tasks import commit_import

    if obj.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("This file was already imported or is being imported."))
    if obj.errors:
        raise ValidationError(_("Fix the errors in the file and upload it again: nothing was imported."))
    stored_content(obj)
    if obj.case_id is not None and not can_change(actor, Case.bypass_policy.get(pk=obj.case_id)):
        raise PermissionDenied(_("You may not change this case."))
    updated = AdvertImport.objects.filter(pk=obj.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.RUNNING, done_rows=0
    )
    if not updated:
        raise ValidationError(_("This file was already imported or is being imported."))
    audit(actor=actor, action="cases.import.commit", obj=obj.case, detail={"import": obj.pk})
    commit_import.enqueue(obj.pk)
    obj.refresh_from_db()
    return obj


def _fail(obj: AdvertImport, errors: list) -> None:
    AdvertImport.objects.filter(pk=obj.pk).update(
        status=ImportStatus.FAILED, errors=errors, done_rows=0, finished_at=timezone.now()
    )


def progress_reporter(import_id: int):
    """(report(rows_written), close): progress of a running commit, written from outside its transaction.

    The adverts are written in one transaction (all or none), so a progress count written inside it would stay
    invisible to the status page until the end. On PostgreSQL a second connection writes the count after each
    batch; SQLite takes one writer at a time, so there the count moves only at the end.
    """
    if connection.vendor != "postgresql":
        return (lambda _rows: None), (lambda: None)
    side = connections.create_connection(DEFAULT_DB_ALIAS)

    def report(rows: int) -> None:
        with side.cursor() as cursor:
            cursor.execute(
                "UPDATE cases_advertimport SET done_rows = %s WHERE id = %s AND status = %s",
                [rows, import_id, ImportStatus.RUNNING],
            )

    return report, side.close


def run_commit(import_id: int) -> None:
    """The task's work: check again, then write every advert in one transaction or none."""
    from cases.codewords import full_scanner, scan_adverts
    from cases.identifiers import identifiers_of
    from cases.services import case_create, check_child_marking, default_marking
    from portal.search.indexing import index_objects

    obj = AdvertImport.objects.select_related("uploaded_by").get(pk=import_id)
    actor = obj.uploaded_by
    try:
        _header, rows = read_rows(stored_content(obj), obj.file_format)
    except ImportFileError as error:
        return _fail(obj, [{"row": "", "column": "", "message": str(error)}])
    good, errors = check_rows(rows)
    if any(errors):
        return _fail(obj, [e for e in errors if e is not None])
    AdvertImport.objects.filter(pk=obj.pk).update(total_rows=len(good))
    report, close_report = progress_reporter(obj.pk)
    try:
        with transaction.atomic():
            if obj.case_id is not None:
                case = Case.bypass_policy.select_for_update().get(pk=obj.case_id)
                if not can_change(actor, case):
                    raise PermissionDenied(_("You may not change this case."))
            else:
                case = case_create(
                    actor=actor,
                    data={"title": obj.new_case_title or obj.original_name, "distribution": Distribution.ORGANISATION,
                          "tlp": "amber", "summary": _("Imported from %(name)s.") % {"name": obj.original_name}},
                )  # fmt: skip
            marking = default_marking(case)
            spaces = list(case.spaces.all()) if marking["distribution"] == Distribution.SPACES else []
            check_child_marking(case=case, spaces=spaces, **{k: marking[k] for k in ("distribution", "tlp")})
            scanner = full_scanner()
            for start in range(0, len(good), BATCH):
                adverts = [
                    Advert(**data, **marking, case=case, owner_org_id=case.owner_org_id, author=actor)
                    for data in good[start : start + BATCH]
                ]
                Advert.bypass_policy.bulk_create(adverts)
                if spaces:
                    through = Advert.spaces.through
                    through.objects.bulk_create(
                        [through(advert_id=a.pk, space_id=s.pk) for a in adverts for s in spaces]
                    )
                Identifier.objects.bulk_create(
                    Identifier(kind=kind, value=value, owner_org_id=a.owner_org_id, opt_out=False, advert=a)
                    for a in adverts
                    for kind, value in sorted(identifiers_of(a))
                )
                scan_adverts(adverts, scanner)
                index_objects(adverts)  # bulk_create sends no post_save, which indexes one record at a time
                report(start + len(adverts))
            audit(actor=actor, action="cases.import", obj=case, detail={"import": obj.pk, "adverts": len(good)})
    except (PermissionDenied, ValidationError) as error:
        return _fail(obj, [{"row": "", "column": "", "message": " ".join(getattr(error, "messages", [str(error)]))}])
    except Exception as error:  # a failed import is shown to its uploader, then raised to the task backend
        _fail(obj, [{"row": "", "column": "", "message": f"{type(error).__name__}"}])
        raise
    finally:
        close_report()
    AdvertImport.objects.filter(pk=obj.pk).update(
        status=ImportStatus.DONE, case=case, done_rows=len(good), finished_at=timezone.now()
    )
    return None

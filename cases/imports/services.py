"""Import runs: the dry-run upload, the start of a commit, and the commit itself (run by cases.tasks).

The upload is kept in default_storage from the preview to the commit. The commit runs as a task: it checks
every row again, then writes all adverts in one transaction (nothing is written if any row is bad), indexes
their seller handles for deconfliction and scans them for code words like adverts saved one by one.
"""

import datetime
import uuid
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.codewords import full_scanner, scan_adverts
from cases.identifiers import identifiers_of
from cases.imports.parsing import MAX_BYTES, MAX_ERRORS, ImportFileError, check_rows, file_format, read_rows
from cases.models import Advert, AdvertImport, Case, Identifier, ImportStatus
from cases.services import case_create, check_child_marking, default_marking
from portal.access.models import Distribution
from portal.access.policy import can_change, can_contribute, vetted_membership
from portal.audit.services import audit
from portal.search.indexing import index_objects

BATCH = 1000
STALE_AFTER = datetime.timedelta(days=2)


def importable_cases(user):
    """Cases the user may add adverts to: visible, and changeable (owner organisation's editors)."""
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


def start_commit(*, actor, obj: AdvertImport, enqueue: Callable[[int], object]) -> AdvertImport:
    """Refuse a file with errors or a lost upload; otherwise hand the import to the task backend.

    enqueue(import_id) queues the commit (the page passes cases.tasks.commit_import.enqueue: the tasks import this
    module to run the commit, so this module never imports them).
    """
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
    enqueue(obj.pk)
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

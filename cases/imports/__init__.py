"""Import of monitoring results (adverts) from CSV or XLSX: template, dry-run check, all-or-nothing commit.

cases.imports.parsing reads and checks the file; cases.imports.services stores the upload and runs the commit,
which cases.tasks hands to the task backend. The names are re-exported here; patch the module that defines a
name (e.g. cases.imports.services.BATCH), not this package.
"""

from cases.imports.parsing import (
    COLUMN_NAMES,
    COLUMNS,
    EXAMPLE,
    MAX_BYTES,
    MAX_ERRORS,
    MAX_ROWS,
    REQUIRED,
    ImportFileError,
    check_row,
    check_rows,
    file_format,
    read_rows,
    template_csv,
    template_xlsx,
)
from cases.imports.services import (
    BATCH,
    STALE_AFTER,
    importable_cases,
    progress_reporter,
    run_commit,
    start_commit,
    stored_content,
    upload,
)

__all__ = [
    "BATCH",
    "COLUMNS",
    "COLUMN_NAMES",
    "EXAMPLE",
    "MAX_BYTES",
    "MAX_ERRORS",
    "MAX_ROWS",
    "REQUIRED",
    "STALE_AFTER",
    "ImportFileError",
    "check_row",
    "check_rows",
    "file_format",
    "importable_cases",
    "progress_reporter",
    "read_rows",
    "run_commit",
    "start_commit",
    "stored_content",
    "template_csv",
    "template_xlsx",
    "upload",
]

"""Background work of cases (Django's tasks framework: inline in development and tests, a worker in production)."""

from django.tasks import task

from cases.imports.services import run_commit


@task
def commit_import(import_id: int) -> None:
    """Write the adverts of a checked upload, all or nothing (cases.imports.services.run_commit)."""
    run_commit(import_id)

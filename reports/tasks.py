"""Background PDF builds (Django's tasks framework): status and progress on the build, the file in default_storage."""

import datetime

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone

from reports import builders
from reports.models import BuildKind, BuildStatus, ReportBuild


@task
def build_pdf(build_id: int) -> None:

    build = ReportBuild.objects.select_related("report__party", "requested_by").get(pk=build_id)

    def progress(pct: int) -> None:
        ReportBuild.objects.filter(pk=build.pk).update(progress=pct, status=BuildStatus.RUNNING)

    progress(5)
    try:
        if build.kind == BuildKind.PARTY:
            html, tlp = builders.party_report_html(build.report, build.report.author or build.requested_by, progress)
        else:
            start = datetime.date.fromisoformat(build.params["start"])
            end = datetime.date.fromisoformat(build.params["end"])
            html, tlp = builders.compilation_html(build.requested_by, start, end)
        progress(70)
        pdf, pages = builders.render(html)
    except Exception as error:  # noqa: BLE001 - a failed build is shown to its requester, not raised into a worker loop
        ReportBuild.objects.filter(pk=build.pk).update(
            status=BuildStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
        )
        raise
    build.file.save(f"{build.kind}-{build.pk}.pdf", ContentFile(pdf), save=False)
    ReportBuild.objects.filter(pk=build.pk).update(
        file=build.file.name,
        tlp=tlp,
        pages=pages,
        status=BuildStatus.DONE,
        progress=100,
        finished_at=timezone.now(),
    )

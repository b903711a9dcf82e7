from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from portal.access.registry import SweepPath, exempt_urls, register_paths, register_shareable
        from portal.demo import register_seeder
        from reports.demo import seed_reports
        from reports.models import PartyReport, PartyReportGroupGrant, PartyReportUserGrant

        register_shareable(PartyReport, user_grants=PartyReportUserGrant, group_grants=PartyReportGroupGrant)
        register_seeder(90, "reports", seed_reports)
        by_pk = lambda obj: {"pk": obj.pk}  # noqa: E731
        # The sweep factory gives every report one build whose stored file contains the report's title.
        by_build = lambda obj: {"pk": obj.builds.first().pk}  # noqa: E731
        register_paths(
            SweepPath("reports:party-list", PartyReport, "list"),
            SweepPath("reports:party-detail", PartyReport, "detail", url_kwargs=by_pk),
            SweepPath("reports:party-edit", PartyReport, "detail", url_kwargs=by_pk, method="edit"),
            SweepPath("reports:party-submit", PartyReport, "detail", url_kwargs=by_pk, method="edit"),
            SweepPath("reports:party-build", PartyReport, "detail", url_kwargs=by_pk, method="edit"),
            SweepPath("reports:build-status", PartyReport, "detail", url_kwargs=by_build),
            SweepPath("reports:build-download", PartyReport, "detail", url_kwargs=by_build),
            SweepPath("reports:compilation", PartyReport, "list", query={"start": "2000-01-01", "end": "2099-12-31"}),
            SweepPath(
                "access:share",
                PartyReport,
                "detail",
                url_kwargs=lambda o: {"label": "reports.partyreport", "pk": o.pk},
                method="edit",
            ),
        )
        exempt_urls("forms that create a record; no record is shown", "reports:party-create")
        exempt_urls(
            "aggregate counts only, computed from visible_to(user); tests/reports check a hidden record does not count",
            "reports:statistics",
            "reports:statistics-csv",
        )
        from reports.sources import optional_model

        Seizure = optional_model("cases.Seizure")
        if Seizure is not None:
            # The export names each seizure by its place, the seizure's sweep marker; up to RED, as the sweep's
            # records go up to RED (without max_tlp the export leaves RED rows out).
            query = {"party": "KE", "format": "csv", "max_tlp": "red"}
            register_paths(SweepPath("reports:trade-report", Seizure, "list", query=query))
        else:
            exempt_urls("illegal trade report rows: no seizure model installed, so no record", "reports:trade-report")
        exempt_urls("audit-log aggregates for portal admins (is_staff); no shared record", "reports:usage")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.access.registry import register_shareable
        from portal.demo import register_seeder
        from portal.menu import members, register_menu, staff
        from reports.demo import seed_reports
        from reports.models import PartyReport, PartyReportGroupGrant, PartyReportUserGrant
        from reports.policies import PartyReportPolicy

        register_shareable(
            PartyReport, user_grants=PartyReportUserGrant, group_grants=PartyReportGroupGrant, policy=PartyReportPolicy
        )
        register_seeder(90, "reports", seed_reports)
        register_menu(50, _("Reports"), "reports:party-list", members)
        register_menu(90, _("Usage"), "reports:usage", staff)

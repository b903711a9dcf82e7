from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "portal.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"

    def ready(self):
        from portal.access.registry import SweepPath, exempt_urls, register_paths
        from portal.bulletins.models import Bulletin

        register_paths(SweepPath("dashboard:home", Bulletin, "list"))
        exempt_urls("serves no shared record", "dashboard:health")

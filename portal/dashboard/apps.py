from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "portal.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.menu import members, register_menu, staff

        # The core's own entries; each app adds its own in its ready() (portal.menu).
        register_menu(0, _("Dashboard"), "dashboard:home")
        register_menu(80, _("Spaces"), "orgs:space-list", members)
        register_menu(81, _("Organisations"), "orgs:organisation-list", members)
        register_menu(95, _("Admin"), "admin:index", staff)

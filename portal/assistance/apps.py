from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "portal.assistance"
    label = "assistance"
    verbose_name = _("Requests for assistance")

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.assistance.demo import seed_assistance_requests
        from portal.demo import register_seeder
        from portal.menu import members, register_menu

        register_seeder(25, "assistance requests", seed_assistance_requests)
        register_menu(45, _("Requests"), "assistance:request-list", members)

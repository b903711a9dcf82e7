from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.demo import register_seeder
        from portal.notifications.demo import seed_subscriptions

        register_seeder(95, "subscriptions", seed_subscriptions)

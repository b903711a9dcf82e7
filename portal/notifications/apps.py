from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from portal.demo import register_seeder
        from portal.notifications.demo import seed_subscriptions

        register_seeder(95, "subscriptions", seed_subscriptions)

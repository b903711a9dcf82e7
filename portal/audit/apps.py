from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "portal.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self):
        from portal.access.registry import exempt_urls

        exempt_urls(
            "audit log: audit rows, not shared records; scoped to all (portal admins) or the admin's own organisation",
            "audit:log",
            "audit:export",
        )

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.accounts import schema, signals  # noqa: F401  (registers the schema extension, connects receivers)
        from portal.accounts.demo import seed_accounts
        from portal.demo import register_seeder

        register_seeder(90, "accounts", seed_accounts)

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from portal.accounts import schema, signals  # noqa: F401  (registers the schema extension, connects receivers)
        from portal.accounts.demo import seed_accounts
        from portal.demo import register_seeder

        register_seeder(90, "accounts", seed_accounts)

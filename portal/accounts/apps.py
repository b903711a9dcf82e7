from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from portal.access.registry import exempt_urls
        from portal.accounts import schema, signals  # noqa: F401  (registers the schema extension, connects receivers)
        from portal.accounts.demo import seed_accounts
        from portal.demo import register_seeder

        register_seeder(90, "accounts", seed_accounts)
        exempt_urls(
            "account pages: log-in steps, password, two-factor, tokens, sessions; no shared record",
            "accounts:mfa-authenticate",
            "accounts:mfa-setup",
            "accounts:mfa-disable",
            "accounts:recovery-codes",
            "accounts:reauthenticate",
            "accounts:password-change",
            "accounts:email-change",
            "accounts:password-reset",
            "accounts:password-reset-done",
            "accounts:password-reset-confirm",
            "accounts:password-reset-complete",
            "accounts:token-create",
            "accounts:token-revoke",
            "accounts:session-end",
            "accounts:invitation-accept",
            "accounts:signup",
            "accounts:signup-done",
            "accounts:leave",
            "admin-login",
        )
        exempt_urls(
            "organisation administration: people of the admin's own organisation, no shared record",
            "accounts:vetting",
            "accounts:vetting-decide",
            "accounts:invitations",
            "accounts:invitation-revoke",
            "accounts:members",
            "accounts:member-remove",
        )

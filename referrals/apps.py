from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    label = "referrals"
    verbose_name = "Referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.access.registry import register_shareable
        from portal.demo import register_seeder
        from portal.menu import register_menu
        from referrals import nav
        from referrals.demo import seed_referrals
        from referrals.models import (
            Referral,
            ReferralGroupGrant,
            ReferralUserGrant,
            VolunteerReport,
            VolunteerReportGroupGrant,
            VolunteerReportUserGrant,
        )
        from referrals.policies import VolunteerReportPolicy

        register_shareable(Referral, user_grants=ReferralUserGrant, group_grants=ReferralGroupGrant)
        register_shareable(
            VolunteerReport,
            user_grants=VolunteerReportUserGrant,
            group_grants=VolunteerReportGroupGrant,
            policy=VolunteerReportPolicy,
        )
        register_seeder(40, "referrals", seed_referrals)
        register_menu(60, _("Referral queue"), "referrals:queue", nav.platform_staff)
        register_menu(61, _("Referrals"), "referrals:list", nav.not_a_platform)
        register_menu(62, _("Reports from spotters"), "referrals:report-list", nav.reads_spotter_reports)

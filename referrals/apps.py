from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    label = "referrals"
    verbose_name = "Referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.access.registry import SweepPath, exempt_urls, register_paths, register_shareable
        from portal.demo import register_seeder
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
        by_pk = lambda obj: {"pk": obj.pk}  # noqa: E731
        register_paths(
            SweepPath("referrals:list", Referral, "list"),
            SweepPath("referrals:detail", Referral, "detail", url_kwargs=by_pk),
            SweepPath("api:referral-list", Referral, "list"),
            SweepPath("api:referral-detail", Referral, "detail", url_kwargs=by_pk),
            SweepPath("referrals:report-list", VolunteerReport, "list"),
            SweepPath("referrals:report-detail", VolunteerReport, "detail", url_kwargs=by_pk),
            SweepPath("referrals:report-screenshot", VolunteerReport, "detail", url_kwargs=by_pk),
        )
        exempt_urls(
            "the platform's queue: the one narrow second path (docs/ACCESS.md), rows of referrals to the user's "
            "own platform only; checked in tests/referrals/test_queue.py",
            "referrals:queue",
            "referrals:queue-answer",
            "api:referral-queue-list",
            "api:referral-queue-detail",
            "api:referral-queue-answer",
        )
        exempt_urls(
            "forms that create a record; adverts chosen are checked through the policy (404 if hidden)",
            "referrals:create",
            "referrals:report-create",
        )
        exempt_urls("aggregate counts of the viewer's own referrals and queue; names no record", "referrals:metrics")
        register_seeder(40, "referrals", seed_referrals)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from cases.demo import seed_cases
        from cases.models import CHILD_MODELS, GRANTS, Advert, Case, Person, Prosecution, Seizure
        from cases.policies import CaseRecordPolicy
        from portal.access.registry import register_shareable
        from portal.demo import register_seeder
        from portal.menu import register_menu
        from portal.search.registry import register_search_source

        for model, (user_grants, group_grants) in GRANTS.items():
            parent = "case" if model in CHILD_MODELS else None
            register_shareable(
                model,
                user_grants=user_grants,
                group_grants=group_grants,
                parent_field=parent,
                policy=CaseRecordPolicy if parent else None,
            )
        register_seeder(30, "cases", seed_cases)
        register_menu(30, _("Cases"), "cases:list")
        register_search_source(
            Case, fields=("reference", "title", "summary"), title=lambda c: f"{c.reference} {c.title}",
            snippet="summary", country_field="country",
        )  # fmt: skip
        register_search_source(
            Advert, fields=("title", "text", "listing_id", "url", "location"), title="title", snippet="text",
            platform_field="platform",
        )  # fmt: skip
        register_search_source(
            Seizure, fields=("place", "concealment"), title="place", snippet="concealment", country_field="country",
            taxon_field="taxon",
        )  # fmt: skip
        register_search_source(
            Prosecution, fields=("court", "stage", "outcome", "charges", "legal_provisions", "lessons_learned"),
            title="court", snippet="charges", country_field="jurisdiction",
        )  # fmt: skip
        register_search_source(
            Person, fields=("description", "names", "aliases", "phone_numbers", "account_handles", "email"),
            title="description", snippet="names", personal=True,
        )  # fmt: skip

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases.demo import seed_cases
        from cases.models import CHILD_MODELS, GRANTS, Advert, Case, Evidence, Person, Prosecution, Seizure
        from cases.policies import CaseRecordPolicy
        from portal.access.registry import SweepPath, exempt_urls, register_paths, register_shareable
        from portal.demo import register_seeder
        from portal.search.registry import register_search_source

        by_pk = lambda obj: {"pk": obj.pk}  # noqa: E731
        by_object_id = lambda obj: {"object_id": obj.pk}  # noqa: E731
        for model, (user_grants, group_grants) in GRANTS.items():
            parent = "case" if model in CHILD_MODELS else None
            register_shareable(
                model,
                user_grants=user_grants,
                group_grants=group_grants,
                parent_field=parent,
                policy=CaseRecordPolicy if parent else None,
            )
            name, label = model._meta.model_name, model._meta.label_lower
            admin = f"admin:cases_{name}_"
            register_paths(
                SweepPath(f"api:case-{name}-list" if parent else "api:case-list", model, "list"),
                SweepPath(
                    f"api:case-{name}-detail" if parent else "api:case-detail", model, "detail", url_kwargs=by_pk
                ),
                SweepPath(
                    "access:share",
                    model,
                    "detail",
                    url_kwargs=lambda o, label=label: {"label": label, "pk": o.pk},
                    method="edit",
                ),  # fmt: skip
                SweepPath(f"{admin}changelist", model, "list", staff_only=True),
                SweepPath(f"{admin}change", model, "detail", url_kwargs=by_object_id, staff_only=True),
                SweepPath(f"{admin}history", model, "detail", url_kwargs=by_object_id, staff_only=True),
            )
            exempt_urls("admin add and delete are for superusers only", f"{admin}add", f"{admin}delete")
            if parent:
                register_paths(
                    SweepPath(f"cases:{name}-detail", model, "detail", url_kwargs=by_pk),
                    SweepPath(f"cases:{name}-edit", model, "detail", url_kwargs=by_pk, method="edit"),
                )
                exempt_urls(
                    "forms that add a record to a case; the case is checked (404 if hidden)", f"cases:{name}-create"
                )
        register_paths(
            SweepPath("cases:list", Case, "list"),
            SweepPath("cases:detail", Case, "detail", url_kwargs=by_pk),
            SweepPath("cases:edit", Case, "detail", url_kwargs=by_pk, method="edit"),
            SweepPath("cases:export-csv", Case, "list"),
            SweepPath("cases:evidence-download", Evidence, "detail", url_kwargs=by_pk),
        )
        exempt_urls(
            "binary twin of cases:export-csv (same selector); checked in tests/cases/test_exports.py",
            "cases:export-xlsx",
        )
        exempt_urls("forms that create a record; no record is shown", "cases:create")
        exempt_urls(
            "import of adverts: the uploader's own uploads (404 for others), written only into a case they may "
            "change; the template holds no record",
            "cases:import", "cases:import-template", "cases:import-detail", "cases:import-commit",
        )  # fmt: skip
        exempt_urls("blind deconfliction names organisations only, never a record", "cases:deconflict")
        exempt_urls(
            "takes texts posted from the scan page and writes them into a case the poster may change; shows back "
            "only the posted texts",
            "cases:from-scan",
        )
        exempt_urls("reference data (platforms), not shared records", "api:platform-list", "api:platform-detail")
        register_seeder(30, "cases", seed_cases)
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

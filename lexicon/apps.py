from django.apps import AppConfig

# The access sweep's factory (tests/factories.py) gives every swept code word this term, so that a scan
# of this text names each visible code word (by its meaning) and no hidden one.
SWEEP_TERM = "sweepterm"
SWEEP_SCAN_TEXT = f"offer {SWEEP_TERM} today"
# ... and this taxon, so that the taxon page, which lists the code words of a taxon, can be swept too.
SWEEP_TAXON = "Sweepia markeri"


def _sweep_taxon(world) -> dict:
    from lexicon.models import Taxon

    return {"pk": Taxon.objects.get(scientific_name=SWEEP_TAXON).pk}


class LexiconConfig(AppConfig):
    name = "lexicon"
    verbose_name = "Lexicon"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lexicon.demo import seed_lexicon
        from lexicon.models import CodeWord, CodeWordGroupGrant, CodeWordUserGrant
        from lexicon.policies import CodeWordPolicy
        from portal.access.registry import SweepPath, exempt_urls, register_paths, register_shareable
        from portal.demo import register_seeder
        from portal.search.registry import register_search_source

        register_shareable(
            CodeWord, user_grants=CodeWordUserGrant, group_grants=CodeWordGroupGrant, policy=CodeWordPolicy
        )
        register_seeder(20, "lexicon", seed_lexicon)
        register_search_source(
            CodeWord,
            fields=("term", "romanisation", "gloss", "source"),
            title=lambda word: f"{word.term} — {word.gloss}",
            snippet=lambda word: " · ".join(filter(None, [word.term, word.romanisation, word.gloss])),
            country_field="countries",
            taxon_field="taxon",
            platform_field="platforms",
        )
        by_pk = lambda obj: {"pk": obj.pk}  # noqa: E731
        by_object_id = lambda obj: {"object_id": obj.pk}  # noqa: E731
        register_paths(
            SweepPath("lexicon:list", CodeWord, "list"),
            SweepPath("lexicon:detail", CodeWord, "detail", url_kwargs=by_pk),
            SweepPath("lexicon:edit", CodeWord, "detail", url_kwargs=by_pk, method="edit"),
            SweepPath("lexicon:scan", CodeWord, "list", query={"text": SWEEP_SCAN_TEXT}),
            SweepPath("lexicon:taxon", CodeWord, "list", url_kwargs=_sweep_taxon),
            SweepPath("lexicon:export-csv", CodeWord, "list"),
            SweepPath("lexicon:export-json", CodeWord, "list"),
            SweepPath("api:codeword-list", CodeWord, "list"),
            SweepPath("api:codeword-detail", CodeWord, "detail", url_kwargs=by_pk),
            SweepPath("api:lexicon-scan-list", CodeWord, "list", query={"text": SWEEP_SCAN_TEXT}),
            SweepPath("admin:lexicon_codeword_changelist", CodeWord, "list", staff_only=True),
            SweepPath("admin:lexicon_codeword_change", CodeWord, "detail", url_kwargs=by_object_id, staff_only=True),
            SweepPath("admin:lexicon_codeword_history", CodeWord, "detail", url_kwargs=by_object_id, staff_only=True),
        )
        exempt_urls("forms that create a record; no record is shown", "lexicon:create")
        exempt_urls(
            "admin add and delete are for superusers only",
            "admin:lexicon_codeword_add",
            "admin:lexicon_codeword_delete",
        )
        exempt_urls("reference data (taxa), not shared records", "api:taxon-list", "api:taxon-detail", "lexicon:taxa")

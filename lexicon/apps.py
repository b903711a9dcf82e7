from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LexiconConfig(AppConfig):
    name = "lexicon"
    verbose_name = "Lexicon"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from lexicon.demo import seed_lexicon
        from lexicon.models import CodeWord, CodeWordGroupGrant, CodeWordUserGrant
        from lexicon.policies import CodeWordPolicy
        from portal.access.registry import register_shareable
        from portal.demo import register_seeder
        from portal.menu import members, register_menu
        from portal.search.registry import register_search_source

        register_shareable(
            CodeWord, user_grants=CodeWordUserGrant, group_grants=CodeWordGroupGrant, policy=CodeWordPolicy
        )
        register_seeder(20, "lexicon", seed_lexicon)
        register_menu(20, _("Lexicon"), "lexicon:list", members)
        register_search_source(
            CodeWord,
            fields=("term", "romanisation", "gloss", "source"),
            title=lambda word: f"{word.term} — {word.gloss}",
            snippet=lambda word: " · ".join(filter(None, [word.term, word.romanisation, word.gloss])),
            country_field="countries",
            taxon_field="taxon",
            platform_field="platforms",
        )

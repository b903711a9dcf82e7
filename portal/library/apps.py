from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "portal.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.access.registry import register_shareable
        from portal.demo import register_seeder
        from portal.library.demo import seed_library
        from portal.library.models import (
            Document,
            DocumentGroupGrant,
            DocumentUserGrant,
            LegislationEntry,
            LegislationEntryGroupGrant,
            LegislationEntryUserGrant,
        )
        from portal.menu import register_menu
        from portal.search.registry import register_search_source

        register_shareable(Document, user_grants=DocumentUserGrant, group_grants=DocumentGroupGrant)
        register_shareable(
            LegislationEntry, user_grants=LegislationEntryUserGrant, group_grants=LegislationEntryGroupGrant
        )
        register_seeder(20, "library", seed_library)
        register_menu(40, _("Library"), "library:list")
        register_search_source(
            Document,
            fields=("title", "summary", "body", "tags", "authors"),
            title="title",
            snippet=lambda doc: doc.summary or doc.body,
            country_field="countries",
            taxon_field="taxa",
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "portal.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.demo import register_seeder
        from portal.search.demo import seed_search_index
        from portal.search.indexing import connect_signals

        register_seeder(90, "search index", seed_search_index)
        # The index follows every registered source's saves and deletes (the apps register them in their ready()).
        connect_signals()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "portal.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from portal.demo import register_seeder
        from portal.search.demo import seed_search_index

        register_seeder(90, "search index", seed_search_index)

from django.core.management.base import BaseCommand

from portal.search.indexing import reindex
from portal.search.registry import search_source, search_sources


class Command(BaseCommand):
    help = "Rebuild the search index of every registered source (or of the named ones, e.g. bulletins.bulletin)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", help="source keys; all when none")

    def handle(self, *args, sources, **options):
        chosen = [search_source(key) for key in sources] if sources else search_sources()
        if None in chosen:
            known = ", ".join(s.key for s in search_sources())
            self.stderr.write(f"unknown source; known: {known}")
            raise SystemExit(2)
        for key, n in reindex(chosen).items():
            self.stdout.write(f"{key}: {n} entries")

"""Demo data: rebuild the search index after every app has seeded (some seeders write with bulk queries)."""

from portal.search.indexing import reindex


def seed_search_index(world) -> None:
    reindex()

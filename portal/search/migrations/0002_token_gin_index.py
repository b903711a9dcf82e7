"""On PostgreSQL, a GIN index over the tokens as an array: `string_to_array(tokens, ' ') @> ARRAY[...]`.

The expression must stay exactly as HasTokens writes it, or the planner will not use the index. SQLite
searches the same column with LIKE (no index: it serves the quick start, not production).
"""

from django.db import migrations

INDEX = "search_entry_tokens_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchentry USING gin (string_to_array(tokens, ' '))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

"""The record's creation date in the index, so that hits are read newest first without touching the records.

Existing rows take their record's created_at and the token of its month ("@2026-11", tokens.month_token).
After this migration, run `manage.py reindex` once more: the tokeniser now writes Chinese in simplified
characters, so rows indexed before it may hold traditional ones.
"""

from datetime import UTC

import django.utils.timezone
from django.db import migrations, models


def month_token(when) -> str:
    """As portal.search.tokens.month_token when this migration was written (frozen here on purpose)."""
    when = when.astimezone(UTC) if when.tzinfo else when
    return f"@{when.year:04d}-{when.month:02d}"


def copy_created_at(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    quote = schema_editor.connection.ops.quote_name
    entries = quote(SearchEntry._meta.db_table)
    for type_id in SearchEntry.objects.values_list("content_type_id", flat=True).distinct():
        ctype = ContentType.objects.get(pk=type_id)
        try:
            model = apps.get_model(ctype.app_label, ctype.model)
        except LookupError:
            continue
        if "created_at" not in {f.name for f in model._meta.concrete_fields}:
            continue
        table = quote(model._meta.db_table)
        schema_editor.execute(
            f"UPDATE {entries} SET created_at = (SELECT r.created_at FROM {table} r WHERE r.id = {entries}.object_id) "
            f"WHERE content_type_id = %s AND EXISTS (SELECT 1 FROM {table} r WHERE r.id = {entries}.object_id)",
            [type_id],
        )
    batch = []
    for entry in SearchEntry.objects.only("pk", "tokens", "created_at").iterator(chunk_size=2000):
        token = month_token(entry.created_at)
        if f" {token} " not in entry.tokens:
            entry.tokens = entry.tokens.rstrip() + f" {token} "
            batch.append(entry)
        if len(batch) >= 2000:
            SearchEntry.objects.bulk_update(batch, ["tokens"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["tokens"])


class Migration(migrations.Migration):
    dependencies = [("search", "0002_token_gin_index"), ("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(copy_created_at, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["-created_at", "-id"], name="search_entry_newest"),
        ),
    ]

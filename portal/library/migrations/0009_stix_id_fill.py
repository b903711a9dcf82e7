# Written by hand: a unique STIX id per record, given to existing rows one by one (step 2 of 3).

import uuid

from django.db import migrations

MODELS = ('document',)


def fill(apps, schema_editor):
    # A default on AddField is computed once for the whole table: each row needs its own id.
    for name in MODELS:
        model = apps.get_model("library", name)
        rows = list(model._base_manager.filter(stix_id__isnull=True).only("pk"))
        for row in rows:
            row.stix_id = uuid.uuid4()
        model._base_manager.bulk_update(rows, ["stix_id"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0008_stix_id_add"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]

# Written by hand: a unique STIX id per record, given to existing rows one by one (step 3 of 3).

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0009_stix_id_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="stix_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="STIX id"),
        ),
    ]

# Written by hand: a unique STIX id per record, given to existing rows one by one (step 3 of 3).

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_stix_id_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="stix_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="STIX id"),
        ),
        migrations.AlterField(
            model_name="advert",
            name="stix_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="STIX id"),
        ),
        migrations.AlterField(
            model_name="seizure",
            name="stix_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="STIX id"),
        ),
        migrations.AlterField(
            model_name="person",
            name="stix_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="STIX id"),
        ),
        migrations.AlterField(
            model_name="prosecution",
            name="stix_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="STIX id"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="stix_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="STIX id"),
        ),
    ]

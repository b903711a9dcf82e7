# Written by hand: a unique STIX id per record, given to existing rows one by one (step 1 of 3).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_bypass_policy_manager"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="stix_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="STIX id"),
        ),
        migrations.AddField(
            model_name="advert",
            name="stix_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="STIX id"),
        ),
        migrations.AddField(
            model_name="seizure",
            name="stix_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="STIX id"),
        ),
        migrations.AddField(
            model_name="person",
            name="stix_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="STIX id"),
        ),
        migrations.AddField(
            model_name="prosecution",
            name="stix_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="STIX id"),
        ),
        migrations.AddField(
            model_name="evidence",
            name="stix_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="STIX id"),
        ),
    ]

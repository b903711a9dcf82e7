# Written by hand: a unique STIX id per record, given to existing rows one by one (step 1 of 3).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0007_move_assistance_to_its_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="stix_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="STIX id"),
        ),
    ]

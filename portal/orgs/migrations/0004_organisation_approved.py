from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0003_states_not_parties"),
    ]

    operations = [
        # Every organisation that exists already was created by an admin or the demo data: approved.
        migrations.AddField(
            model_name="organisation",
            name="approved",
            field=models.BooleanField(db_index=True, default=True, verbose_name="approved"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="approved",
            field=models.BooleanField(db_index=True, default=False, verbose_name="approved"),
        ),
    ]

# SPOC profiles moved to the orgs app (orgs.0005): only the state changes here, the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0005_bypass_policy_manager'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='SpocProfile')],
            database_operations=[],
        ),
    ]

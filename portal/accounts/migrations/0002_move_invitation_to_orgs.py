# Invitations moved to the orgs app (orgs.0005): only the state changes here, the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Invitation')],
            database_operations=[],
        ),
    ]

# Requests for assistance moved to their own app (assistance.0001): only the state changes here, the tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0006_move_spocprofile_to_orgs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AssistanceMessage'),
                migrations.DeleteModel(name='AssistanceRequest'),
            ],
            database_operations=[],
        ),
    ]

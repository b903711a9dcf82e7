"""Who might see each record (the policy's reach keys). Rows indexed before stay found by every reader (" ~any ",
the policy deciding, as it always did) until `manage.py reindex` gives them their own keys."""

from django.db import migrations

import portal.search.models


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchentry_created_at")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="reach",
            field=portal.search.models.TokenField(default=" ~any "),
        ),
    ]

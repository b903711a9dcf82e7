"""Index rows written before reach keys existed stay found by everyone until `manage.py reindex` gives them their
own keys: they get the key every reader holds (the policy decides, as it always did)."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat


def open_to_every_reader(apps, schema_editor):
    entries = apps.get_model("search", "SearchEntry").objects
    entries.exclude(tokens__contains=" ~").update(tokens=Concat(F("tokens"), Value("~any ")))


class Migration(migrations.Migration):
    dependencies = [("search", "0003_searchentry_created_at")]

    operations = [migrations.RunPython(open_to_every_reader, migrations.RunPython.noop)]

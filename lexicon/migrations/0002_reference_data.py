from django.db import migrations


def load(apps, schema_editor):
    from lexicon.reference import load_reference_data

    load_reference_data(apps.get_model("lexicon", "Taxon"), apps.get_model("lexicon", "CitesCode"))


class Migration(migrations.Migration):
    dependencies = [("lexicon", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

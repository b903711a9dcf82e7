# Written by hand: a unique STIX id per record, given to existing rows one by one (step 2 of 3).

from django.db import migrations

from portal.migration_ops import fill_uuids


class Migration(migrations.Migration):
    dependencies = [("lexicon", "0004_stix_id_add")]

    operations = [fill_uuids("lexicon", ('codeword',), "stix_id")]

"""CITES Parties and the non-ISO country codes of CITES reports.

Parties: every sovereign state in ISO 3166 minus dependent territories and the states that had not
joined at the time of writing, plus the European Union (a Party since 2015). Written from public
facts; a deployment should compare it with the Secretariat's list of Parties and correct it in the admin.
"""

from django.db import migrations

TERRITORIES = set(
    "AS AI AQ AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY MF MO MP MQ MS NC NF "
    "NU PF PM PN PR RE SH SJ SX TC TF TK TW UM VA VG VI WF YT".split()
)
NON_PARTIES = {"KP", "KI", "MH", "FM", "NR", "TV"}  # and five more states: see 0003
REPORT_CODES = [("XX", "Unknown"), ("ZZ", "Introduction from the sea"), ("XA", "Unknown country in Africa")]


def load(apps, schema_editor):
    from django_countries import countries

    CitesParty = apps.get_model("orgs", "CitesParty")
    ReportCountryCode = apps.get_model("orgs", "ReportCountryCode")
    for code, name in countries:
        if code not in TERRITORIES and code not in NON_PARTIES:
            CitesParty.objects.get_or_create(code=code, defaults={"name": str(name)})
    CitesParty.objects.get_or_create(code="EU", defaults={"name": "European Union", "is_regional_organisation": True})
    for code, meaning in REPORT_CODES:
        ReportCountryCode.objects.get_or_create(code=code, defaults={"meaning": meaning})


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Five states that are not CITES Parties came in with 0002: Andorra, Haiti, South Sudan, Timor-Leste, Turkmenistan.

The Secretariat's page of Parties gives 184 Parties: 183 states and the European Union. In 2012, 17 UN member
states had not joined; Angola, Iraq, Lebanon, Maldives, Tajikistan and Tonga have joined since, and so has the
State of Palestine, which makes 183. That leaves eleven states out: the five above and the six that 0002 already
left out (North Korea, Kiribati, the Marshall Islands, Micronesia, Nauru, Tuvalu). A state that joins later is
added in the admin. A row that a report or a legislation entry already names is kept: removing it would lose
that record, and the admin can correct it.
"""

from django.db import migrations

NOT_PARTIES = ("AD", "HT", "SS", "TL", "TM")


def remove(apps, schema_editor):
    CitesParty = apps.get_model("orgs", "CitesParty")
    named = set()
    for label in ("reports.PartyReport", "library.LegislationEntry"):
        model = apps.get_model(label)
        named |= set(model._base_manager.filter(party__code__in=NOT_PARTIES).values_list("party__code", flat=True))
    CitesParty.objects.filter(code__in=set(NOT_PARTIES) - named).delete()


def restore(apps, schema_editor):
    from django_countries import countries

    CitesParty = apps.get_model("orgs", "CitesParty")
    for code in NOT_PARTIES:
        CitesParty.objects.get_or_create(code=code, defaults={"name": str(countries.name(code))})


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_cites_parties"),
        ("reports", "0001_initial"),
        ("library", "0004_assistance_requests"),
    ]
    operations = [migrations.RunPython(remove, restore)]

"""Demo bulletins at every distribution and TLP, with grants, for the demo world."""

from guardian.shortcuts import assign_perm

from portal.access.models import PAP, TLP, Distribution
from portal.bulletins.models import Bulletin

# owner org key, title, distribution, tlp, pap, spaces, countries, persons of interest
BULLETINS = [
    (
        "kws",
        "Pangolin scales offered in closed groups around Mombasa",
        Distribution.SPACES,
        TLP.AMBER,
        PAP.RED,
        ["eastafrica"],
        ["KE"],
        "Seller 'scalesking254', +254 712 000 111",
    ),
    (
        "kws",
        "Internal: undercover purchase scheduled",
        Distribution.ORGANISATION,
        TLP.RED,
        PAP.RED,
        [],
        ["KE"],
        "Courier 'J. M.'",
    ),
    (
        "kws",
        "Ivory code word 'XY' seen on a new marketplace",
        Distribution.COMMUNITY,
        TLP.GREEN,
        PAP.GREEN,
        [],
        ["KE", "TZ"],
        "",
    ),
    (
        "nwcu",
        "Rhino horn 'medicine' adverts rising on UK classifieds",
        Distribution.SPACES,
        TLP.AMBER,
        PAP.AMBER,
        ["spoc"],
        ["GB"],
        "Handle 'oldcuriosities'",
    ),
    ("nwcu", "Public alert: buying ivory online is a crime", Distribution.PUBLIC, TLP.CLEAR, PAP.CLEAR, [], ["GB"], ""),
    (
        "cn-customs",
        "Helmeted hornbill casques in express parcels",
        Distribution.SPACES,
        TLP.AMBER_STRICT,
        PAP.AMBER,
        ["spoc"],
        ["CN", "ID"],
        "Consignee 'Zhang S.'",
    ),
    (
        "vn-police",
        "Night-time live-stream sales of turtles",
        Distribution.COMMUNITY,
        TLP.AMBER,
        PAP.GREEN,
        [],
        ["VN"],
        "",
    ),
    (
        "ke-ma",
        "Draft guidance on permits shown in online adverts",
        Distribution.SPACES,
        TLP.GREEN,
        PAP.CLEAR,
        ["cites"],
        ["KE"],
        "",
    ),
    (
        "interpol",
        "Operation notice: coordinated takedown week",
        Distribution.SPACES,
        TLP.AMBER,
        PAP.RED,
        ["spoc"],
        [],
        "",
    ),
    (
        "cites-sec",
        "Call for Party submissions on wildlife cybercrime",
        Distribution.PUBLIC,
        TLP.CLEAR,
        PAP.CLEAR,
        [],
        [],
        "",
    ),
    (
        "traffic",
        "Monthly monitoring: parrots on social media",
        Distribution.SPACES,
        TLP.GREEN,
        PAP.GREEN,
        ["coalition"],
        ["BR", "ID"],
        "",
    ),
    ("traffic", "Internal triage notes", Distribution.ORGANISATION, TLP.AMBER, PAP.AMBER, [], [], "Spotter leads"),
    ("ifaw", "Research brief: emoji used as code words", Distribution.COMMUNITY, TLP.CLEAR, PAP.CLEAR, [], [], ""),
    (
        "markethub",
        "MarketHub filter update for wildlife keywords",
        Distribution.SPACES,
        TLP.GREEN,
        PAP.GREEN,
        ["coalition"],
        [],
        "",
    ),
    (
        "uon",
        "Survey of online bushmeat trade in Nairobi",
        Distribution.ORGANISATION,
        TLP.GREEN,
        PAP.GREEN,
        [],
        ["KE"],
        "",
    ),
]


def seed_bulletins(world) -> None:
    for org_key, title, distribution, tlp, pap, space_keys, countries, persons in BULLETINS:
        org = world.orgs[org_key]
        author = next((u for u in world.users.values() if u.membership.organisation_id == org.pk), None)
        bulletin, created = Bulletin.bypass_policy.get_or_create(
            owner_org=org,
            title=title,
            defaults={
                "author": author,
                "distribution": distribution,
                "tlp": tlp,
                "pap": pap,
                "countries": countries,
                "persons_of_interest": persons,
                "body": f"{title}.\n\nDemo data: a fictional bulletin for the demo world.",
            },
        )
        if created:
            bulletin.spaces.set([world.spaces[k] for k in space_keys])
    # A RED record widened to one named outsider, who may also co-edit it.
    red = Bulletin.bypass_policy.get(title="Internal: undercover purchase scheduled")
    outsider = world.users["analyst@interpol.demo"]
    assign_perm("bulletins.view_bulletin", outsider, red)
    assign_perm("bulletins.change_bulletin", outsider, red)
    # An organisation-only record shared with one space by a per-record grant.
    notes = Bulletin.bypass_policy.get(title="Survey of online bushmeat trade in Nairobi")
    assign_perm("bulletins.view_bulletin", world.spaces["eastafrica"].group, notes)

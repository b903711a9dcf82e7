"""Demo documents: every kind at every distribution, a version chain, a translation pair, small PDF files."""

import datetime
import hashlib

from django.core.files.base import ContentFile

from portal.access.models import PAP, TLP, Distribution
from portal.library.models import MATRIX_QUESTIONS, Attachment, Document, DocumentKind, LegislationEntry
from portal.orgs.models import CitesParty

K = DocumentKind
# kind, owner org key, title, language, countries, taxa, tags
DOCUMENTS = [
    (K.SOP, "kws", "SOP: preserving evidence from social-media adverts", "en", ["KE"], [], ["evidence", "screenshots"]),
    (K.SOP, "nwcu", "SOP: test purchases of wildlife products online", "en", ["GB"], [], ["undercover"]),
    (K.SOP, "interpol", "SOP: requesting subscriber data from platforms", "en", [], [], ["platforms", "mlat"]),
    (K.GUIDELINE, "cites-sec", "Guidelines on CITES permits shown in online adverts", "en", [], [], ["permits"]),
    (K.GUIDELINE, "ke-ma", "Guidance for traders: selling CITES specimens online in Kenya", "en", ["KE"], [], []),
    (K.GUIDELINE, "za-ma", "Guidance on captive-bred specimen adverts", "en", ["ZA"], ["Ceratotherium simum"], []),
    (K.PLANNING_TEMPLATE, "interpol", "Operational planning template: coordinated takedown week", "en", [], [], []),
    (K.PLANNING_TEMPLATE, "kws", "Template: online undercover operation plan", "en", ["KE"], [], ["undercover"]),
    (K.PLANNING_TEMPLATE, "nwcu", "Template: risk assessment for online test purchases", "en", ["GB"], [], []),
    (
        K.RESEARCH_PAPER,
        "uon",
        "Bushmeat trade on Nairobi messaging groups",
        "en",
        ["KE"],
        ["Cephalophus harveyi"],
        ["bushmeat"],
    ),
    (K.RESEARCH_PAPER, "traffic", "Code words for ivory on Chinese-language platforms", "en", ["CN"], [], ["ivory"]),
    (K.RESEARCH_PAPER, "ifaw", "Emoji as code words in wildlife adverts", "en", [], [], ["code words", "emoji"]),
    (K.METHODOLOGY, "traffic", "Methodology: monitoring marketplaces for reptile adverts", "en", [], [], []),
    (K.METHODOLOGY, "uon", "Methodology: sampling adverts by hour of posting", "en", ["KE"], [], ["night posting"]),
    (K.METHODOLOGY, "ifaw", "Méthodologie : suivi des annonces en ligne", "fr", ["FR", "BE"], [], []),
    (K.MONITORING_REPORT, "traffic", "Monitoring report: parrots on social media, Q3", "en", ["BR", "ID"], [], []),
    (K.MONITORING_REPORT, "ifaw", "Monitoring report: ivory adverts in Europe", "en", ["DE", "FR"], [], ["ivory"]),
    (K.MONITORING_REPORT, "markethub", "MarketHub transparency report: wildlife listings removed", "en", [], [], []),
    (K.TREND_REPORT, "traffic", "Trends in online pangolin scale offers", "en", ["NG", "CN"], ["Manis"], []),
    (K.TREND_REPORT, "interpol", "Global trends: wildlife crime linked to the Internet", "en", [], [], []),
    (K.TREND_REPORT, "cn-customs", "Express-parcel concealment trends", "en", ["CN"], [], ["couriers"]),
    (K.LEGISLATION, "ke-ma", "Wildlife Conservation and Management Act: online offences", "en", ["KE"], [], []),
    (K.LEGISLATION, "za-ma", "National Environmental Management: Biodiversity Act extracts", "en", ["ZA"], [], []),
    (K.LEGISLATION, "cites-sec", "Model provisions on offering CITES specimens online", "en", [], [], []),
    (K.BEST_PRACTICE, "markethub", "Best practice: keyword filters for wildlife listings", "en", [], [], ["filters"]),
    (K.BEST_PRACTICE, "nwcu", "Best practice: working with platforms on takedowns", "en", ["GB"], [], []),
    (K.BEST_PRACTICE, "vn-police", "Best practice: live-stream sales investigations", "en", ["VN"], [], []),
    (K.CASE_STUDY, "kws", "Case study: the Mombasa pangolin scale network", "en", ["KE"], ["Smutsia gigantea"], []),
    (K.CASE_STUDY, "vn-police", "Case study: turtles sold by live stream", "en", ["VN"], ["Cuora"], []),
    (
        K.CASE_STUDY,
        "cn-customs",
        "Case study: hornbill casques in parcels",
        "en",
        ["CN", "ID"],
        ["Rhinoplax vigil"],
        [],
    ),
    (K.AWARENESS, "ifaw", "Awareness: think before you buy exotic pets online", "en", [], [], ["public"]),
    (K.AWARENESS, "cites-sec", "Awareness poster: buying ivory online is a crime", "en", [], [], ["ivory"]),
    (K.AWARENESS, "markethub", "Seller notice: wildlife products policy", "en", [], [], []),
    (K.TRAINING, "interpol", "Training: open-source investigation of wildlife adverts", "en", [], [], []),
    (K.TRAINING, "cites-sec", "Training: CITES basics for platform moderators", "en", [], [], ["moderation"]),
    (K.TRAINING, "kws", "Training: handling digital evidence", "en", ["KE"], [], ["evidence"]),
]

# Each document takes the next marking in turn, so every kind and every distribution is present.
MARKINGS = [
    (Distribution.PUBLIC, TLP.CLEAR, PAP.CLEAR),
    (Distribution.COMMUNITY, TLP.GREEN, PAP.GREEN),
    (Distribution.SPACES, TLP.AMBER, PAP.AMBER),
    (Distribution.ORGANISATION, TLP.AMBER, PAP.GREEN),
    (Distribution.ORGANISATION, TLP.RED, PAP.RED),
]

# A space each organisation is in, for documents shared into spaces; without one they go community-wide.
HOME_SPACE = {
    "kws": "eastafrica",
    "ke-ma": "cites",
    "nwcu": "spoc",
    "cn-customs": "spoc",
    "vn-police": "spoc",
    "za-ma": "cites",
    "interpol": "spoc",
    "cites-sec": "cites",
    "traffic": "coalition",
    "ifaw": "coalition",
    "markethub": "coalition",
}


def demo_pdf(title: str) -> bytes:
    """A tiny PDF that only says it is demo data; enough for the content check and a download."""
    return f"%PDF-1.4\n% Demo data: {title}\n%%EOF\n".encode()


def _author(world, org):
    return next((u for u in world.users.values() if u.membership.organisation_id == org.pk), None)


def seed_library(world) -> None:
    created_docs = {}
    for i, (kind, org_key, title, language, countries, taxa, tags) in enumerate(DOCUMENTS):
        org = world.orgs[org_key]
        distribution, tlp, pap = MARKINGS[i % len(MARKINGS)]
        space_key = HOME_SPACE.get(org_key)
        if distribution == Distribution.SPACES and space_key is None:
            distribution = Distribution.COMMUNITY
        author = _author(world, org)
        doc, created = Document.bypass_policy.get_or_create(
            owner_org=org,
            title=title,
            defaults={
                "kind": kind,
                "author": author,
                "distribution": distribution,
                "tlp": tlp,
                "pap": pap,
                "language": language,
                "countries": countries,
                "taxa": taxa,
                "tags": [*tags, "demo"],
                "authors": author.full_name if author else "",
                "summary": f"Demo data: a fictional {kind.label.lower()} for the demo world.",
                "body": f"# {title}\n\n*Demo data.* A fictional document for the demo world.\n\n"
                "1. Read it.\n2. Share it only as its TLP marking allows.\n",
                "publication_date": datetime.date(2026, 1 + i % 12, 1 + i % 28),
                "review_date": datetime.date(2027, 1 + i % 12, 1),
            },
        )
        created_docs[title] = doc
        if created:
            if distribution == Distribution.SPACES:
                doc.spaces.set([world.spaces[space_key]])
            if i % 3 == 0:
                _attach(doc, author)
    # A newer version of one guideline: the first stays readable, the list shows the newer one.
    first = created_docs["Guidelines on CITES permits shown in online adverts"]
    if not Document.bypass_policy.filter(supersedes=first).exists():
        newer = Document.bypass_policy.create(
            owner_org=first.owner_org,
            author=first.author,
            kind=first.kind,
            title=f"{first.title} (2nd edition)",
            summary=first.summary,
            body=first.body + "\n\nSecond edition: adds platform obligations.\n",
            language="en",
            distribution=first.distribution,
            tlp=first.tlp,
            pap=first.pap,
            tags=first.tags,
            supersedes=first,
        )
        _attach(newer, first.author)
    # A French translation of a public document, linked both ways.
    english = created_docs["Awareness: think before you buy exotic pets online"]
    french, _ = Document.bypass_policy.get_or_create(
        owner_org=english.owner_org,
        title="Sensibilisation : réfléchissez avant d'acheter un animal exotique en ligne",
        defaults={
            "kind": english.kind,
            "author": english.author,
            "language": "fr",
            "distribution": english.distribution,
            "tlp": english.tlp,
            "pap": english.pap,
            "summary": "Données de démonstration.",
            "body": "*Données de démonstration.*",
            "tags": ["demo"],
        },
    )
    english.translations.add(french)
    seed_matrix(world)


def _attach(doc, author) -> None:
    content = demo_pdf(doc.title)
    attachment = Attachment(
        document=doc,
        name=f"document-{doc.pk}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=author,
    )
    attachment.file.save(attachment.name, ContentFile(content), save=False)
    attachment.save()


# Party code, owner org key, distribution, answers (offence, permit number, removal, penalties, unit, MoU).
# Fictional answers for the demo world: they describe no Party's real law.
MATRIX = [
    ("KE", "ke-ma", Distribution.COMMUNITY, ("yes", "yes", "partly", "Up to 5 years and a fine", "yes", "no")),
    ("ZA", "za-ma", Distribution.SPACES, ("yes", "no", "no", "Up to 10 years", "partly", "no")),
    ("GB", "cites-sec", Distribution.COMMUNITY, ("yes", "no", "partly", "Up to 5 years", "yes", "yes")),
    (
        "CN",
        "cites-sec",
        Distribution.COMMUNITY,
        ("yes", "partly", "yes", "Up to 10 years and confiscation", "yes", "yes"),
    ),
    ("VN", "cites-sec", Distribution.SPACES, ("partly", "no", "no", "Up to 15 years", "no", "no")),
    ("US", "cites-sec", Distribution.PUBLIC, ("yes", "no", "no", "Up to 5 years and a fine", "partly", "yes")),
    ("BR", "cites-sec", Distribution.COMMUNITY, ("partly", "no", "unknown", "Up to 4 years", "no", "no")),
    ("ID", "cites-sec", Distribution.COMMUNITY, ("yes", "no", "partly", "Up to 5 years", "yes", "partly")),
    ("FR", "cites-sec", Distribution.ORGANISATION, ("yes", "yes", "yes", "Up to 7 years", "unknown", "no")),
]


def seed_matrix(world) -> None:

    for code, org_key, distribution, answers in MATRIX:
        party = CitesParty.objects.filter(code=code).first()
        if party is None:
            continue
        tlp = TLP.CLEAR if distribution == Distribution.PUBLIC else TLP.GREEN
        values = {}
        for (name, _question), answer in zip(MATRIX_QUESTIONS, answers, strict=True):
            values[name] = answer
            values[f"{name}_reference"] = "Demo data: fictional reference"
            values[f"{name}_date"] = datetime.date(2026, 6, 1)
        entry, created = LegislationEntry.bypass_policy.get_or_create(
            owner_org=world.orgs[org_key],
            party=party,
            defaults={
                "title": f"Demo data: {party.name}, fictional answers",
                "distribution": distribution,
                "tlp": tlp,
                "pap": PAP.CLEAR,
                "author": _author(world, world.orgs[org_key]),
                **values,
            },
        )
        if created and distribution == Distribution.SPACES:
            entry.spaces.set([world.spaces["cites"]])
    kenya_law = Document.bypass_policy.filter(title__startswith="Wildlife Conservation and Management Act").first()
    LegislationEntry.bypass_policy.filter(party__code="KE", online_offer_offence_source=None).update(
        online_offer_offence_source=kenya_law
    )

"""Demo cases: generated from lists of realistic values with a fixed seed, at every distribution; idempotent.

Each case is found again by its owner and title, so running seed_demo twice adds nothing.
"""

import hashlib
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from cases.codewords import scan_adverts
from cases.identifiers import index_identifiers
from cases.models import (
    Advert,
    AdvertStatus,
    Case,
    CaseStatus,
    CaseStatusChange,
    ChainSeen,
    DetectionMethod,
    Evidence,
    EvidenceKind,
    ModusOperandi,
    Person,
    PersonRole,
    Platform,
    PlatformKind,
    Prosecution,
    Seizure,
    TransportMode,
    Verdict,
)
from cases.services import next_reference
from lexicon.models import CitesCode, CodeKind, Taxon
from portal.access.models import PAP, TLP, Distribution
from portal.orgs.models import Space, SpaceMember

CASE_COUNT = 64
SEED = 20260422

# name, kind, domains, coalition member, demo organisation key
PLATFORMS = [
    ("MarketHub", PlatformKind.MARKETPLACE, ["markethub.example"], True, "markethub"),
    ("ChatLine", PlatformKind.MESSAGING, ["chatline.example"], True, "chatline"),
    ("FaceSpace", PlatformKind.SOCIAL, ["facespace.example"], True, None),
    ("PicShare", PlatformKind.SOCIAL, ["picshare.example"], False, None),
    ("SellIt Classifieds", PlatformKind.CLASSIFIEDS, ["sellit.example"], False, None),
    ("LiveStreamz", PlatformKind.VIDEO, ["livestreamz.example"], False, None),
    ("Hidden Bazaar", PlatformKind.DARKNET, ["hiddenbazaar.onion.example"], False, None),
    ("FindIt Search", PlatformKind.SEARCH, ["findit.example"], True, None),
]

# owner org key, country of the case, cities, currency, phone prefix
OWNERS = [
    ("kws", "KE", ["Nairobi", "Mombasa", "Kisumu"], "KES", "+25471"),
    ("nwcu", "GB", ["London", "Manchester", "Bristol"], "GBP", "+447700"),
    ("cn-customs", "CN", ["Guangzhou", "Shenzhen", "Kunming"], "CNY", "+86138"),
    ("vn-police", "VN", ["Hanoi", "Ho Chi Minh City", "Hai Phong"], "VND", "+8491"),
    ("za-ma", "ZA", ["Johannesburg", "Durban", "Cape Town"], "ZAR", "+2782"),
    ("interpol", "FR", ["Lyon", "Paris"], "EUR", "+3361"),
    ("traffic", "GB", ["Cambridge", "London"], "GBP", "+447711"),
    ("ifaw", "US", ["Washington", "Miami"], "USD", "+1202555"),
]

# product, taxon, term code, unit, code word in adverts, modus operandi
PRODUCTS = [
    ("Ivory bangles", "Loxodonta africana", "IVC", "PCS", "XY", ModusOperandi.CODE_WORDS),
    ("Raw ivory tusks", "Loxodonta africana", "TUS", "KIL", "white gold", ModusOperandi.PRIVATE_GROUPS),
    ("Rhino horn powder", "Ceratotherium simum", "HOR", "GRM", "Xi Jiao", ModusOperandi.CODE_WORDS),
    ("Rhino horn pieces", "Diceros bicornis", "HOR", "KIL", "XJ", ModusOperandi.NIGHT_POSTING),
    ("Pangolin scales", "Manis javanica", "SCA", "KIL", "", ModusOperandi.PICTURES),
    ("Live pangolins", "Phataginus tricuspis", "LIV", "PCS", "", ModusOperandi.THIRD_PARTY),
    ("Tiger skins", "Panthera tigris", "SKI", "PCS", "", ModusOperandi.DARKNET),
    ("Leopard skins", "Panthera pardus", "SKI", "PCS", "", ModusOperandi.FALSE_NAMES),
    ("Helmeted hornbill casques", "Rhinoplax vigil", "IVC", "PCS", "", ModusOperandi.PICTURES),
    ("Grey parrot chicks", "Psittacus erithacus", "LIV", "PCS", "", ModusOperandi.LIVE_STREAMING),
    ("Scarlet macaws", "Ara macao", "LIV", "PCS", "", ModusOperandi.PRIVATE_GROUPS),
    ("Orangutan infant", "Pongo pygmaeus", "LIV", "PCS", "", ModusOperandi.FALSE_NAMES),
]
TITLE_FORMS = [
    "{product} offered on {platform} from {city}",
    "{product} sold through {platform} groups",
    "Courier network moving {product_l}",
    "{platform} seller of {product_l}",
]
ROUTES = [
    (["KE", "TZ"], ["AE"], ["CN", "VN"]),
    (["ZA", "MZ"], ["ET"], ["VN"]),
    (["NG", "CM"], ["TR"], ["CN"]),
    (["ID", "MY"], ["SG"], ["CN"]),
    (["BR"], ["PT"], ["GB"]),
    (["GB"], [], ["US"]),
    (["VN"], ["LA"], ["CN"]),
]
MARKINGS = [
    (Distribution.ORGANISATION, TLP.AMBER, PAP.RED),
    (Distribution.SPACES, TLP.AMBER, PAP.AMBER),
    (Distribution.SPACES, TLP.AMBER_STRICT, PAP.RED),
    (Distribution.COMMUNITY, TLP.GREEN, PAP.GREEN),
    (Distribution.COMMUNITY, TLP.AMBER, PAP.AMBER),
    (Distribution.PUBLIC, TLP.CLEAR, PAP.CLEAR),
    (Distribution.ORGANISATION, TLP.RED, PAP.RED),
]
FIRST_NAMES = ["John", "Mary", "Ali", "Wei", "Thanh", "Peter", "Grace", "Sipho", "Lena", "Omar", "Chen", "Duc"]
LAST_NAMES = ["Mwangi", "Smith", "Hassan", "Zhang", "Nguyen", "Otieno", "Dlamini", "Brown", "Li", "Tran"]
COURTS = {
    "KE": "Mombasa Law Courts",
    "GB": "Southwark Crown Court",
    "CN": "Guangzhou Intermediate People's Court",
    "VN": "Hanoi People's Court",
    "ZA": "Kempton Park Regional Court",
    "FR": "Tribunal judiciaire de Lyon",
    "US": "U.S. District Court, Southern District of Florida",
}
PROVISIONS = {
    "KE": "Wildlife Conservation and Management Act 2013, s. 92",
    "GB": "Control of Trade in Endangered Species Regulations 2018, reg. 8",
    "CN": "Criminal Law art. 151 (smuggling of precious animals)",
    "VN": "Penal Code art. 244",
    "ZA": "National Environmental Management: Biodiversity Act, s. 57",
    "FR": "Code de l'environnement, art. L415-3",
    "US": "Lacey Act, 16 U.S.C. 3372",
}


def _platforms(world) -> list[Platform]:
    out = []
    for name, kind, domains, coalition, org_key in PLATFORMS:
        platform, _created = Platform.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "domains": domains,
                "coalition_member": coalition,
                "organisation": world.orgs.get(org_key) if org_key else None,
            },
        )
        out.append(platform)
    return out


def _owner_spaces(org) -> list:

    ids = SpaceMember.objects.filter(organisation=org).values("space_id")
    return list(Space.objects.filter(pk__in=ids).order_by("name"))


def _pdf(text: str) -> bytes:
    return f"%PDF-1.4\n% demo evidence: {text}\n%%EOF\n".encode()


def seed_cases(world) -> None:
    platforms = _platforms(world)
    taxa = {t.scientific_name: t for t in Taxon.objects.all()}
    codes = {(c.kind, c.code): c for c in CitesCode.objects.all()}
    new_adverts = []
    for i in range(CASE_COUNT):
        # One generator per case: the values of case i do not depend on which cases already exist.
        rng = random.Random(SEED + i)
        org_key, country, cities, currency, phone_prefix = OWNERS[i % len(OWNERS)]
        org = world.orgs[org_key]
        product, taxon_name, term, unit, code_word, modus = PRODUCTS[(i * 5) % len(PRODUCTS)]
        platform = platforms[(i * 3) % len(platforms)]
        city = rng.choice(cities)
        title = TITLE_FORMS[i % len(TITLE_FORMS)].format(
            product=product, product_l=product.lower(), platform=platform.name, city=city
        )
        title = f"{title} (demo {i + 1:02d})"
        distribution, tlp, pap = MARKINGS[i % len(MARKINGS)]
        spaces = _owner_spaces(org) if distribution == Distribution.SPACES else []
        if distribution == Distribution.SPACES and not spaces:
            distribution, spaces = Distribution.COMMUNITY, []
        spaces = spaces[:1] if i % 2 else spaces
        detected = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 900))
        status = list(CaseStatus)[i % len(CaseStatus)]
        author = next((u for u in world.users.values() if u.membership.organisation_id == org.pk), None)
        rng_state = rng.random()
        case = Case.bypass_policy.filter(owner_org=org, title=title).first()
        if case is not None:
            continue
        origin, transit, destination = ROUTES[i % len(ROUTES)]
        taxon = taxa.get(taxon_name)
        case = Case.bypass_policy.create(
            owner_org=org,
            author=author,
            reference=next_reference(org, country, detected.year),
            country=country,
            title=title,
            summary=(
                f"Demo data: a fictional case. {product} advertised on {platform.name}; "
                f"buyers directed to private chats near {city}."
            ),
            status=status,
            lead_org=org,
            date_detected=detected,
            origin_countries=origin,
            transit_countries=transit,
            destination_countries=destination,
            chain_seen_at=[ChainSeen.ORIGIN, ChainSeen.TRANSIT, ChainSeen.DESTINATION][i % 3],
            modus_operandi=sorted({modus, list(ModusOperandi)[i % len(ModusOperandi)]}),
            distribution=distribution,
            tlp=tlp,
            pap=pap,
        )
        case.spaces.set(spaces)
        case.platforms.set({platform, platforms[(i * 7 + 1) % len(platforms)]})
        if taxon is not None:
            case.species.create(
                taxon=taxon,
                term_code=codes.get((CodeKind.TERM, term)),
                unit=codes.get((CodeKind.UNIT, unit)),
                quantity=Decimal(rng.randrange(1, 400)),
            )
        CaseStatusChange.objects.create(case=case, from_status="", to_status=CaseStatus.OPEN, actor=author)
        if status != CaseStatus.OPEN:
            CaseStatusChange.objects.create(case=case, from_status=CaseStatus.OPEN, to_status=status, actor=author)
        marking = {"owner_org": org, "author": author, "distribution": distribution, "tlp": tlp, "pap": pap}
        # Persons: names and numbers are personal data, a narrower marking for one in three.
        persons = []
        for k in range(1 + i % 3):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            handle = f"{first.lower()}_{product.split()[0].lower()}{rng.randrange(10, 999)}"
            person_marking = dict(marking)
            if k == 2:
                person_marking.update(distribution=Distribution.ORGANISATION, tlp=TLP.RED)
            person = Person.bypass_policy.create(
                case=case,
                role=list(PersonRole)[(i + k) % len(PersonRole)],
                description=f"{list(PersonRole)[(i + k) % len(PersonRole)].label} near {city} (demo)",
                names=f"{first} {last}",
                aliases=f"{first[0]}. {last}",
                phone_numbers=f"{phone_prefix}{rng.randrange(100000, 999999)}",
                account_handles=f"@{handle}",
                email=f"{handle}@mail.example",
                nationality=rng.choice([country, *origin]),
                deconfliction_opt_out=(i % 11 == 0),
                **person_marking,
            )
            if person.distribution == Distribution.SPACES:
                person.spaces.set(spaces)
            index_identifiers(person)
            persons.append(person)
        # Adverts, posted mostly at night (the hour matters).
        for k in range(2 + i % 4):
            posted = datetime.combine(detected - timedelta(days=rng.randrange(1, 60)), datetime.min.time())
            posted = timezone.make_aware(posted + timedelta(hours=rng.choice([0, 1, 2, 3, 22, 23, 14]), minutes=k))
            words = f" {code_word}" if code_word and k % 2 == 0 else ""
            removed = posted + timedelta(days=rng.randrange(1, 30)) if k % 3 == 0 else None
            advert = Advert.bypass_policy.create(
                case=case,
                platform=platform,
                url=f"https://{platform.domains[0]}/item/{i}{k}{rng.randrange(1000, 9999)}",
                listing_id=f"L{i:03d}{k}{rng.randrange(100, 999)}",
                title=f"{product}{words} for sale (demo {i + 1}.{k + 1})",
                text=f"Genuine {product.lower()}{words}. Contact me on ChatLine. Shipping worldwide, discreet.",
                language="en",
                posted_at=posted,
                seller_handle=persons[0].account_handles.lstrip("@"),
                price=Decimal(rng.randrange(50, 5000)),
                currency=currency,
                location=city,
                captured_at=posted + timedelta(hours=6),
                removed_at=removed,
                status=AdvertStatus.REMOVED if removed else AdvertStatus.ONLINE,
                **marking,
            )
            if advert.distribution == Distribution.SPACES:
                advert.spaces.set(spaces)
            index_identifiers(advert)
            new_adverts.append(advert)
        if i % 2 == 0:
            seizure = Seizure.bypass_policy.create(
                case=case,
                date=detected + timedelta(days=rng.randrange(1, 90)),
                place=f"{rng.choice(['Airport', 'Port', 'Post office', 'Border post'])} of {city} (demo)",
                country=destination[0] if i % 4 else country,
                taxon=taxon,
                term_code=codes.get((CodeKind.TERM, term)),
                unit=codes.get((CodeKind.UNIT, unit)),
                quantity=Decimal(rng.randrange(1, 300)),
                estimated_value=Decimal(rng.randrange(1000, 500000)),
                value_currency="USD",
                transport_mode=list(TransportMode)[i % len(TransportMode)],
                detection_method=list(DetectionMethod)[i % len(DetectionMethod)],
                concealment=rng.choice(["inside speakers", "wrapped as tea", "false-bottom suitcase", "none"]),
                origin_countries=origin,
                transit_countries=transit,
                destination_countries=destination,
                **marking,
            )
            if seizure.distribution == Distribution.SPACES:
                seizure.spaces.set(spaces)
        if status in (CaseStatus.PROSECUTED, CaseStatus.CLOSED):
            convicted = rng_state > 0.3
            prosecution = Prosecution.bypass_policy.create(
                case=case,
                court=COURTS[country],
                jurisdiction=country,
                stage="judgment",
                stage_date=detected + timedelta(days=rng.randrange(120, 500)),
                outcome="judgment delivered",
                charges="Possession of and dealing in specimens of a listed species without a permit",
                legal_provisions=PROVISIONS[country],
                verdict=Verdict.CONVICTED if convicted else Verdict.ACQUITTED,
                prison_months=rng.choice([6, 12, 24, 60]) if convicted else None,
                fine=Decimal(rng.randrange(1000, 100000)) if convicted else None,
                fine_currency=currency if convicted else "",
                confiscation="specimens and two phones" if convicted else "",
                appeal="" if i % 3 else "Appeal lodged by the defence",
                lessons_learned="Screenshots with timestamps and platform records obtained early made the case.",
                judgment_url="https://judgments.example/demo/" + case.reference,
                **marking,
            )
            if prosecution.distribution == Distribution.SPACES:
                prosecution.spaces.set(spaces)
            prosecution.defendants.set([p for p in persons if p.distribution == distribution][:2])
        content = _pdf(title)
        evidence = Evidence(
            case=case,
            kind=list(EvidenceKind)[i % len(EvidenceKind)],
            description=f"Capture of the first advert (demo {i + 1})",
            name="capture.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            **marking,
        )
        evidence.file.save("capture", ContentFile(content), save=False)
        evidence.save()
        if evidence.distribution == Distribution.SPACES:
            evidence.spaces.set(spaces)
    scan_adverts(new_adverts)

"""Refresh taxa from the Species+ API (https://api.speciesplus.net) with the deployment's own token.

Species+ data may not be redistributed, so the portal ships only its hand-written starter list; this sync
fills in listings, higher taxa and common names for the taxa a deployment holds, or for names it asks for.
"""

import json
import urllib.parse
import urllib.request
from collections.abc import Callable

from django.db import transaction

from lexicon.models import Rank, Taxon

API = "https://api.speciesplus.net/api/v1/taxon_concepts"
LANGUAGES = {"EN": "en", "FR": "fr", "ES": "es", "ZH": "zh", "RU": "ru", "PT": "pt", "VI": "vi", "ID": "id"}
RANKS = {r.value.upper(): r.value for r in Rank}


class SpeciesPlusError(RuntimeError):
    """The API answered with an error or something that is not a taxon concept list."""


def http_fetch(url: str, token: str) -> dict:
    if not url.startswith(API):
        raise SpeciesPlusError("only the Species+ API is fetched")
    headers = {"X-Authentication-Token": token, "Accept": "application/json"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the URL starts with API (https)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read().decode("utf-8"))


def _appendix(concept: dict) -> str:
    listing = (concept.get("cites_listing") or "").replace("NC", "").strip("/")
    return listing if listing in {"I", "II", "III", "I/II"} else ""


def _annotation(concept: dict) -> str:
    notes = []
    for listing in concept.get("cites_listings") or []:
        text = (listing.get("annotation") or "").strip()
        if text and text not in notes:
            notes.append(text)
    return " ".join(notes)[:2000]


def _common_names(concept: dict) -> dict:
    names: dict[str, list[str]] = {}
    for row in concept.get("common_names") or []:
        lang = LANGUAGES.get((row.get("language") or "").upper())
        name = (row.get("name") or "").strip()
        if lang and name and name not in names.setdefault(lang, []):
            names[lang].append(name)
    return names


@transaction.atomic
def apply_concepts(concepts: list[dict], *, only_known: bool = True) -> dict:
    """Write accepted taxon concepts to Taxon; returns counts. Synonyms and unknown ranks are skipped."""
    counts = {"updated": 0, "created": 0, "skipped": 0}
    for concept in concepts:
        name = (concept.get("full_name") or "").strip()
        rank = RANKS.get((concept.get("rank") or "").upper())
        if not name or rank is None or concept.get("name_status", "A") != "A":
            counts["skipped"] += 1
            continue
        higher = concept.get("higher_taxa") or {}
        taxon = (
            Taxon.objects.filter(species_plus_id=concept.get("id")).first()
            or Taxon.objects.filter(scientific_name=name).first()
        )
        if taxon is None and only_known:
            counts["skipped"] += 1
            continue
        created = taxon is None
        taxon = taxon or Taxon(scientific_name=name)
        taxon.scientific_name = name
        taxon.species_plus_id = concept.get("id")
        taxon.rank = rank
        taxon.kingdom = higher.get("kingdom") or taxon.kingdom
        taxon.phylum = higher.get("phylum") or taxon.phylum
        taxon.class_name = higher.get("class") or taxon.class_name
        taxon.order = higher.get("order") or taxon.order
        taxon.family = higher.get("family") or taxon.family
        taxon.genus = name.split()[0]
        taxon.cites_appendix = _appendix(concept)
        taxon.annotation = _annotation(concept)
        names = _common_names(concept)
        if names:
            taxon.common_names = names
        taxon.save()
        counts["created" if created else "updated"] += 1
    return counts


def sync(*, token: str, names=None, fetch: Callable[[str, str], dict] = http_fetch, only_known: bool = True) -> dict:
    """Fetch each name (default: every taxon held) from Species+ and apply what comes back."""
    if not token:
        raise SpeciesPlusError("SPECIES_PLUS_TOKEN is not set")
    names = list(names) if names else list(Taxon.objects.values_list("scientific_name", flat=True))
    totals = {"updated": 0, "created": 0, "skipped": 0}
    for name in names:
        url = f"{API}?{urllib.parse.urlencode({'name': name, 'with_descendants': 'false'})}"
        payload = fetch(url, token)
        if not isinstance(payload, dict) or not isinstance(payload.get("taxon_concepts"), list):
            raise SpeciesPlusError(f"unexpected answer for {name}")
        for key, value in apply_concepts(payload["taxon_concepts"], only_known=only_known).items():
            totals[key] += value
    return totals

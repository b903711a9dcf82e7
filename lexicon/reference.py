"""The reference data in lexicon/data/reference.json: a starter list of commonly trafficked taxa and the codes
of the CITES annual report guidelines, written by hand from public CITES listing facts. A deployment refreshes
taxa from Species+ with its own token (manage.py sync_species_plus); Species+ data itself may not be
redistributed."""

import json
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "reference.json"


@cache
def _data() -> dict:
    with DATA_FILE.open(encoding="utf-8") as f:
        return json.load(f)


def cites_codes() -> list[dict]:
    """The CITES codes: {"kind", "code", "description"}, in file order."""
    return _data()["cites_codes"]


def taxa() -> list[dict]:
    """The starter taxa as Taxon fields (kingdom and phylum from their group, genus from the name), in file order."""
    rows = []
    for group in _data()["taxa"]:
        for taxon in group["taxa"]:
            rows.append(
                {
                    **taxon,
                    "kingdom": group["kingdom"],
                    "phylum": group["phylum"],
                    "genus": taxon["scientific_name"].split()[0],
                }
            )
    return rows


def load_reference_data(Taxon, CitesCode) -> None:
    """Create or refresh the starter taxa and the CITES codes; safe to run again."""
    for code in cites_codes():
        CitesCode.objects.update_or_create(
            kind=code["kind"], code=code["code"], defaults={"description": code["description"]}
        )
    for taxon in taxa():
        Taxon.objects.update_or_create(
            scientific_name=taxon["scientific_name"],
            defaults={
                "rank": taxon["rank"],
                "kingdom": taxon["kingdom"],
                "phylum": taxon["phylum"],
                "class_name": taxon["class_name"],
                "order": taxon["order"],
                "family": taxon["family"],
                "genus": taxon["genus"],
                "cites_appendix": taxon["cites_appendix"],
                "annotation": taxon["annotation"],
                "common_names": taxon["common_names"],
            },
        )

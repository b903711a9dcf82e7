"""Code words in adverts: the lexicon's scanner runs over advert text on save and import, and hits are stored.

Hits are found with every active code word (whoever may see it); readers get only hits whose code word
they may see, by joining with CodeWord.objects.visible_to(user).
"""

from cases.models import Advert, AdvertCodeWordHit
from lexicon.models import CodeWord, Status
from lexicon.scanning import Entry, Scanner


def full_scanner() -> Scanner:
    """A scanner over all active code words, for indexing (not for showing results to a user)."""
    rows = CodeWord.bypass_policy.filter(status=Status.ACTIVE).order_by("pk").values_list("pk", "term", "confidence")
    return Scanner(Entry(code_word_id=pk, term=term, confidence=confidence) for pk, term, confidence in rows)


def advert_text(advert: Advert) -> str:
    return f"{advert.title}\n{advert.text}"


def scan_adverts(adverts, scanner: Scanner | None = None) -> int:
    """Replace the stored hits of these adverts; returns the number of hits stored."""
    adverts = list(adverts)
    if not adverts:
        return 0
    scanner = scanner or full_scanner()
    AdvertCodeWordHit.objects.filter(advert__in=[a.pk for a in adverts]).delete()
    hits = []
    for advert, result in zip(adverts, scanner.scan_many([advert_text(a) for a in adverts]), strict=True):
        for hit in result.hits:
            hits.append(
                AdvertCodeWordHit(
                    advert_id=advert.pk, code_word_id=hit.entry.code_word_id, start=hit.start, end=hit.end
                )
            )
    AdvertCodeWordHit.objects.bulk_create(hits)
    return len(hits)


def rescan_all_adverts(batch_size: int = 2000) -> int:
    """Rescan every advert, e.g. after the lexicon changed; the lexicon may call this later."""
    scanner = full_scanner()
    total = 0
    qs = Advert.bypass_policy.order_by("pk").only("pk", "title", "text")
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:batch_size])
        if not batch:
            return total
        total += scan_adverts(batch, scanner)
        last = batch[-1].pk

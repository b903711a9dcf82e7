"""Scanner benchmark: code words against adverts of mixed Latin and Chinese text, normalisation included.

Figures: adverts per second on one core with the Aho-Corasick scanner, and the same work (the same
normalised views, the same patterns) with one compiled regular-expression alternation as the baseline.
Rates are per CPU second of this (single-threaded) process, so that other work on the machine does not
count against them.
Targets (issue 5): at least 50,000 adverts/s and at least 20 times the baseline. Needs no database.
"""

import random
import re
import time

from bench.report import emit, log
from lexicon.scanning import Entry, Scanner, cjk_view, normalise
from lexicon.scanning.normalise import _ALL_CJK, _is_word_char

SYLLABLES = [c + v for c in "bdfghjklmnprstvwyz" for v in "aeiou"] + ["xi", "jiao", "ya", "xiang", "ng", "th"]
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 4000)]
PUNCT = [", ", ". ", "! ", " - ", " / ", "，", "。", "！", " "]


def _latin_word(rnd, syllables=(1, 3)) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(*syllables)))


def _chinese_word(rnd, size=(2, 4)) -> str:
    return "".join(rnd.choice(CJK) for _ in range(rnd.randint(*size)))


def make_code_words(rnd, n: int) -> list[Entry]:
    terms: set[str] = set()
    while len(terms) < n:
        kind = rnd.random()
        if kind < 0.05:
            terms.add(rnd.choice("ABCDEFGHJKLMNPQRSTWXYZ") + rnd.choice("ABCDEFGHJKLMNPQRSTWXYZ"))
        elif kind < 0.45:
            terms.add(_latin_word(rnd, (2, 4)))
        elif kind < 0.55:
            terms.add(f"{_latin_word(rnd, (2, 3))} {_latin_word(rnd, (2, 3))}")
        else:
            terms.add(_chinese_word(rnd, (2, 4)))
    confidences = ["confirmed", "probable", "suspected"]
    return [Entry(i, term, f"meaning {i}", confidence=rnd.choice(confidences)) for i, term in enumerate(sorted(terms))]


def _disguise(rnd, term: str) -> str:
    roll = rnd.random()
    if roll < 0.25 and not _ALL_CJK.match(term):
        return ".".join(term) if len(term) <= 4 else term.upper()
    if roll < 0.5:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in term)  # full-width
    if roll < 0.7 and _ALL_CJK.match(term):
        return " ".join(term)
    return term


def make_adverts(rnd, n: int, entries: list[Entry], hit_share: float = 0.1, length: int = 300) -> list[str]:
    # Ordinary words never equal a code word: only the planted ones (about hit_share of adverts) should hit.
    taken = {normalise(e.term) for e in entries}
    latin_vocab = [w for w in (_latin_word(rnd) for _ in range(4000)) if w not in taken]
    chinese_vocab = [w for w in (_chinese_word(rnd) for _ in range(4000)) if not any(t in w for t in taken)]
    adverts = []
    for _ in range(n):
        parts: list[str] = []
        size = 0
        while size < length:
            roll = rnd.random()
            if roll < 0.55:
                word = rnd.choice(latin_vocab)
            elif roll < 0.9:
                word = rnd.choice(chinese_vocab)
            elif roll < 0.95:
                word = f"{rnd.randint(1, 999)}{rnd.choice(['kg', 'g', '$', '¥', ' USD', '元'])}"
            else:
                word = rnd.choice(PUNCT).strip() or "!"
            parts.append(word)
            parts.append(rnd.choice(PUNCT) if rnd.random() < 0.15 else " ")
            size += len(word) + 1
        if rnd.random() < hit_share:
            parts.insert(rnd.randrange(len(parts)) // 2 * 2, _disguise(rnd, rnd.choice(entries).term) + " ")
        adverts.append("".join(parts)[: length + 20])
    return adverts


class RegexBaseline:
    """The same matching as the scanner with two compiled alternations (word view and CJK view)."""

    def __init__(self, scanner: Scanner):
        def alternation(patterns, bounded):
            parts = []
            for p in sorted(patterns, key=len, reverse=True):
                left = r"(?<![^\W_])" if bounded and _is_word_char(p[0]) else ""
                right = r"(?![^\W_])" if bounded and _is_word_char(p[-1]) else ""
                parts.append(left + re.escape(p) + right)
            return re.compile("|".join(parts)) if parts else None

        self.words = alternation(scanner.ascii_words.patterns + scanner.words.patterns, True)
        self.chinese = alternation(scanner.chinese.patterns, False)

    def has_hit(self, text: str) -> bool:
        t = normalise(text)
        return bool((self.words and self.words.search(t)) or (self.chinese and self.chinese.search(cjk_view(t))))


def _rate(fn, items) -> tuple[float, int]:
    started = time.process_time()
    hits = sum(1 for item in items if fn(item))
    return len(items) / (time.process_time() - started), hits


def run(scale: float) -> None:
    rnd = random.Random(5)
    n_words = max(100, int(10_000 * scale))
    n_ads = max(1_000, int(100_000 * scale))
    entries = make_code_words(rnd, n_words)
    adverts = make_adverts(rnd, n_ads, entries)
    log(f"lexicon: {n_words} code words, {n_ads} adverts of ~{sum(map(len, adverts)) // len(adverts)} characters")

    started = time.perf_counter()
    scanner = Scanner(entries)
    emit("lexicon.build.seconds", time.perf_counter() - started, "s")
    emit("lexicon.build.patterns", scanner.pattern_count, "patterns")

    norm_rate, _ = _rate(lambda text: cjk_view(normalise(text)) and False, adverts)
    emit("lexicon.normalise.adverts_per_s", norm_rate, "adverts/s")
    # The scanner as the scan page, the API and advert indexing call it: a list of texts at a time.
    started = time.process_time()
    results = scanner.scan_many(adverts)
    scan_rate = len(adverts) / (time.process_time() - started)
    scanner_hits = sum(1 for result in results if result.hits)
    emit("lexicon.scan.adverts_per_s", scan_rate, "adverts/s")
    emit("lexicon.scan.adverts_with_hits", scanner_hits, "adverts")
    one_rate, _ = _rate(lambda text: scanner.scan(text).hits, adverts[: max(1_000, n_ads // 10)])
    emit("lexicon.scan_one_by_one.adverts_per_s", one_rate, "adverts/s")

    started = time.perf_counter()
    baseline = RegexBaseline(scanner)
    emit("lexicon.baseline.build.seconds", time.perf_counter() - started, "s")
    sample = adverts[: max(100, n_ads // 250)]
    base_rate, base_hits = _rate(baseline.has_hit, sample)
    sample_hits = sum(1 for text in sample if scanner.scan(text).hits)
    emit("lexicon.baseline.adverts_per_s", base_rate, "adverts/s")
    emit("lexicon.baseline.sample_agreement", f"{base_hits}/{sample_hits}", "adverts with hits (regex/scanner)")
    emit("lexicon.scan.speedup_vs_regex", scan_rate / base_rate, "x")
    log(
        f"lexicon: target >= 50000 adverts/s: {'met' if scan_rate >= 50_000 else 'NOT met'}; "
        f"target >= 20x the regex baseline: {'met' if scan_rate >= 20 * base_rate else 'NOT met'}"
    )

"""Find code words in advert text.

Text is normalised before matching: NFKC (which also turns full-width forms into half-width), case folding,
zero-width characters and variation selectors removed, hyphens and any whitespace read as one space, and
the separators traders put inside a word removed ("X.Y", "i.v.o.r.y", "象 牙", "象.牙"). Single Latin words
are also matched spaced out ("X Y"). Simplified and traditional Chinese match alike: OpenCC converts the
patterns (a few thousand, once per build) rather than every advert.

All patterns are matched at once by one Aho-Corasick automaton (ahocorasick-rs). A pattern that starts or
ends with a Latin letter or digit must stand as a whole word there ("XY" does not fire inside "XYLOPHONE");
Chinese has no spaces, so CJK patterns match anywhere. Each hit carries its span in the ORIGINAL text.

Most adverts hold no code word, so a text is first normalised with C-level string operations only; the
per-character offset map back to the original text is built only for texts that have a hit.
"""

from bisect import bisect_right
from collections import OrderedDict
from itertools import accumulate
from threading import Lock

from lexicon.policies import receives_releasable_only
from lexicon.scanning.automata import _ASCII_WORDS, _Automaton, _WordAutomaton
from lexicon.scanning.normalise import _ALL_CJK, _fold, _nfkc_joined, cjk_view_bytes, normalise_bytes, pattern_variants
from lexicon.scanning.offsets import (
    _char_span,
    _identity,
    _OffsetMap,
    _original_span,
    _regular_text_tables,
    _word_view_position,
    cjk_view_with_offsets,
    normalise_with_offsets,
)
from lexicon.scanning.results import Entry, ScanResult, _resolve
from lexicon.selectors import scan_codewords


class Scanner:
    """Automata over the patterns of a set of code words: ASCII words, other word-view patterns, Chinese."""

    def __init__(self, entries):
        self.entries = list(entries)
        ascii_words: dict[str, list[Entry]] = {}
        words: dict[str, list[Entry]] = {}
        chinese: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for pattern in pattern_variants(entry.term):
                if _ALL_CJK.match(pattern):
                    target = chinese
                elif _ASCII_WORDS.fullmatch(pattern):
                    target = ascii_words
                else:
                    target = words
                target.setdefault(pattern, []).append(entry)
        self.ascii_words = _WordAutomaton(ascii_words)
        self.words = _Automaton(words, boundaries=True)
        self.chinese = _Automaton(chinese, boundaries=False)
        _regular_text_tables()  # built once per process, with the first scanner rather than in its first scan

    @property
    def pattern_count(self) -> int:
        return len(self.ascii_words.patterns) + len(self.words.patterns) + len(self.chinese.patterns)

    def _word_matches(self, b: bytes) -> list[tuple[int, int, list[Entry]]]:
        found = [(s, e, self.ascii_words.entries[i]) for i, s, e in self.ascii_words.matches(b)]
        found += [(s, e, self.words.entries[i]) for i, s, e in self.words.matches(b)]
        return found

    def _chinese_matches(self, b: bytes) -> list[tuple[int, int, list[Entry]]]:
        return [(s, e, self.chinese.entries[i]) for i, s, e in self.chinese.matches(b)]

    def scan(self, text: str) -> ScanResult:
        return self._scan(text, normalise_bytes(text))

    def _scan(self, text: str, view: bytes) -> ScanResult:
        result = ScanResult(text=text)
        if not text:
            return result
        word_matches = self._word_matches(view)
        cjk = cjk_view_bytes(view) if self.chinese.ac is not None else b""
        cjk_matches = self._chinese_matches(cjk) if cjk else []
        if not word_matches and not cjk_matches:
            return result
        spans = self._spans(text, view, word_matches, cjk, cjk_matches)
        if spans is None:
            spans = self._spans_char_by_char(text)
        return _resolve(result, spans)

    def _spans(self, text, view, word_matches, cjk, cjk_matches):
        """Hits as spans of the original text, for a regular text; None for an irregular one."""
        tables = _regular_text_tables()
        if not tables.is_regular(text):
            return None
        decoded = view.decode()
        if len(decoded) == len(text):
            to_text = _identity  # each character became exactly one: the view lines up with the text
        else:
            to_text = _OffsetMap.word_view(text, tables)
            if to_text.length != len(decoded):
                return None
        spans = []
        for start, end, entries in word_matches:
            first, last = _char_span(view, start, end)
            spans.append((to_text(first), to_text(last - 1) + 1, entries))
        for start, end, entries in cjk_matches:
            last = end - 1
            while cjk[last] & 0xC0 == 0x80:  # back to the first byte of the hit's last character
                last -= 1
            first = len(view[: _word_view_position(view, start)].decode())
            last = len(view[: _word_view_position(view, last)].decode())
            spans.append((to_text(first), to_text(last) + 1, entries))
        return spans

    def _spans_char_by_char(self, text):
        """Hits as spans of the original text, with the normalisation redone one character at a time."""
        slow, offsets = normalise_with_offsets(text)
        slow_bytes = slow.encode()
        spans = [
            (*_original_span(slow_bytes, offsets, start, end), entries)
            for start, end, entries in self._word_matches(slow_bytes)
        ]
        if self.chinese.ac is not None:
            squeezed, squeezed_offsets = cjk_view_with_offsets(slow, offsets)
            squeezed_bytes = squeezed.encode()
            spans += [
                (*_original_span(squeezed_bytes, squeezed_offsets, start, end), entries)
                for start, end, entries in self._chinese_matches(squeezed_bytes)
            ]
        return spans

    def scan_many(self, texts, batch_size: int = 256) -> list[ScanResult]:
        """scan() of each text, with the normalisation and the automata run over many texts at once.

        Each call into C has a fixed cost, and an automaton's is as much as matching a whole advert, so a
        batch of texts is normalised and searched as one string; then each text with a match (most adverts
        have none) gets its hits mapped back to it, exactly as scan() would.
        """
        texts = list(texts)
        results = []
        for first in range(0, len(texts), batch_size):
            results += self._scan_batch(texts[first : first + batch_size])
        return results

    def _scan_batch(self, texts: list[str]) -> list[ScanResult]:
        """Two NULs join the texts: they survive normalisation, each is a non-word character and a space in
        the boundary view, and no pattern holds two spaces in a row, so no match spans two texts. Each
        text's part of the joined view is normalise_bytes(text) with, at most, a space at either end."""
        if any("\0" in text for text in texts):
            return [self.scan(text) for text in texts]
        joined = _fold(_nfkc_joined(texts, "\0\0"))
        parts = joined.split(b"\0\0")
        starts = [0, *accumulate(len(part) + 2 for part in parts)]
        by_text: dict[int, tuple[list, list]] = {}
        for start, end, entries in self._word_matches(joined):
            i = bisect_right(starts, start) - 1
            by_text.setdefault(i, ([], []))[0].append((start - starts[i], end - starts[i], entries))
        squeezed_parts: list[bytes] = []
        if self.chinese.ac is not None:
            squeezed = cjk_view_bytes(joined)
            squeezed_parts = squeezed.split(b"\0\0")
            squeezed_starts = [0, *accumulate(len(part) + 2 for part in squeezed_parts)]
            for start, end, entries in self._chinese_matches(squeezed):
                i = bisect_right(squeezed_starts, start) - 1
                offset = squeezed_starts[i]
                by_text.setdefault(i, ([], []))[1].append((start - offset, end - offset, entries))
        results = [ScanResult(text=text) for text in texts]
        for i, (word_matches, cjk_matches) in by_text.items():
            part = parts[i]
            view = part.strip(b" ")
            lead = len(part) - len(part.lstrip(b" "))
            word_matches = [(start - lead, end - lead, entries) for start, end, entries in word_matches]
            cjk = squeezed_parts[i] if squeezed_parts else b""
            spans = self._spans(texts[i], view, word_matches, cjk, cjk_matches)
            if spans is None:
                spans = self._spans_char_by_char(texts[i])
            _resolve(results[i], spans)
        return results


# One automaton per visible set of code words, rebuilt when any of them changes (the key holds their
# ids, versions and creation times: SQLite may give a deleted row's id to a new one). A process-local
# cache only: losing it costs one rebuild, never a wrong answer.
_CACHE: "OrderedDict[tuple, Scanner]" = OrderedDict()
_CACHE_SIZE = 16
_LOCK = Lock()


def scanner_for(user) -> Scanner:
    """The scanner over exactly the code words this user may use (lexicon.selectors.scan_codewords)."""
    # Function-local: lexicon.selectors and lexicon.policies import Django models, which cannot be imported
    # before the app registry is ready, and the scanner itself is imported without Django (bench/lexicon.py,
    # tests/lexicon/test_scanner.py). No import cycle is involved.

    qs = scan_codewords(viewer=user)
    scope = "releasable" if receives_releasable_only(user) else "visible"
    key = (scope, tuple(qs.order_by("pk").values_list("pk", "version", "created_at")))
    with _LOCK:
        scanner = _CACHE.get(key)
        if scanner is not None:
            _CACHE.move_to_end(key)
            return scanner
    rows = list(qs.select_related("taxon", "term_code").order_by("pk"))
    key = (scope, tuple((row.pk, row.version, row.created_at) for row in rows))
    scanner = Scanner(
        Entry(
            code_word_id=row.pk,
            term=row.term,
            gloss=row.gloss,
            taxon=row.taxon.scientific_name if row.taxon else "",
            term_code=row.term_code.code if row.term_code else "",
            confidence=row.confidence,
            tlp=row.tlp,
        )
        for row in rows
    )
    with _LOCK:
        _CACHE[key] = scanner
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return scanner


def scan_texts(user, texts) -> list[ScanResult]:
    return scanner_for(user).scan_many(texts)

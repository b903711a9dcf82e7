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

import math
import re
import unicodedata
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from threading import Lock

import ahocorasick_rs

_ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufe0e\ufe0f\ufeff"
# Punctuation traders put inside a word ("X.Y", "i.v.o.r.y", "jel_ly"): dropped wherever it stands.
_WORD_SEPARATORS = ".·•*_'’"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# Chinese is written without spaces: in the CJK view these go too ("象 牙", "象,牙").
_CJK_SEPARATORS = " ,~|/\\"
# Chinese and Japanese punctuation inside a word is read as a comma: one ASCII byte in both views.
_CJK_PUNCTUATION = "。、・"
_CJK_PUNCTUATION_TABLE = str.maketrans(dict.fromkeys(_CJK_PUNCTUATION, ","))
_CJK = "\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_ALL_CJK = re.compile(f"^[{_CJK}]+$")
_SINGLE_LATIN_WORD = re.compile(rf"^(?:(?![{_CJK}])[^\W_])+$")
_DROP = set(_ZERO_WIDTH + _WORD_SEPARATORS)
_AS_SPACE = set(_HYPHENS)

CONFIDENCE_WEIGHT = {"confirmed": 0.9, "probable": 0.6, "suspected": 0.3}


# Full-width punctuation is in nearly every Chinese advert and sends NFKC down its slow path; these are
# its NFKC forms (plain starters, so replacing them first cannot change what NFKC makes of the rest).
_COMMON_FULL_WIDTH = {
    "，": ",",
    "！": "!",
    "？": "?",
    "：": ":",
    "；": ";",
    "（": "(",
    "）": ")",
    "～": "~",
    "\u3000": " ",
}


def _nfkc(text: str) -> str:
    if unicodedata.is_normalized("NFKC", text):
        return text
    for wide, narrow in _COMMON_FULL_WIDTH.items():
        if wide in text:
            text = text.replace(wide, narrow)
    return unicodedata.normalize("NFKC", text)


def _nfkc_joined(texts: list[str], separator: str) -> str:
    """separator.join(_nfkc(text) for text in texts), with the common replacements made once for all.

    NFKC of the whole string would take its slow path for all the texts as soon as one needs it."""
    joined = separator.join(texts)
    if unicodedata.is_normalized("NFKC", joined):
        return joined
    for wide, narrow in _COMMON_FULL_WIDTH.items():
        if wide in joined:
            joined = joined.replace(wide, narrow)
    if unicodedata.is_normalized("NFKC", joined):
        return joined
    normalized = unicodedata.is_normalized
    return separator.join(
        [text if normalized("NFKC", text) else unicodedata.normalize("NFKC", text) for text in joined.split(separator)]
    )


def _non_ascii(chars) -> list[bytes]:
    return [ch.encode() for ch in chars if ord(ch) > 127]


def _stable(ch: str) -> bool:
    return unicodedata.normalize("NFKC", ch) == ch


_ALL_CHARS = [chr(cp) for cp in range(128, 0x30000) if not 0xD800 <= cp <= 0xDFFF]
# Whitespace that NFKC leaves alone (most becomes a plain space), and characters that case folding changes.
_UNICODE_SPACES = [ch for ch in _ALL_CHARS if ch.isspace() and _stable(ch)]
_FOLDED = [ch for ch in _ALL_CHARS if ch.casefold() != ch and _stable(ch)]
# The fast path works on UTF-8 bytes, where C-level bytes operations are several times faster than on str.
_ASCII_SPACES = "".join(chr(c) for c in range(128) if chr(c).isspace())
_ASCII_DELETE = "".join(ch for ch in _ZERO_WIDTH + _WORD_SEPARATORS if ord(ch) < 128).encode()
_BYTE_REPLACEMENTS = (
    [(b, b"") for b in _non_ascii(_ZERO_WIDTH + _WORD_SEPARATORS)]
    + [(b, b" ") for b in _non_ascii(_HYPHENS) + _non_ascii(_UNICODE_SPACES)]
    + [(b, b",") for b in _non_ascii(_CJK_PUNCTUATION)]
)
# Which texts need more than ASCII lowering: any lead byte of a character that case folding changes, or of
# a character the replacements above rewrite. Testing for a set of bytes is one C-level translate.
_FOLD_LEADS = bytes(sorted({ch.encode()[0] for ch in _FOLDED}))
_BYTE_REPLACEMENTS_BY_LEAD: dict[int, list[tuple[bytes, bytes]]] = {}
for _old, _new in _BYTE_REPLACEMENTS:
    _BYTE_REPLACEMENTS_BY_LEAD.setdefault(_old[0], []).append((_old, _new))
_REPLACE_LEADS = bytes(sorted(_BYTE_REPLACEMENTS_BY_LEAD))
_ASCII_LOWER_TABLE = bytes(
    b" "[0] if chr(c) in "-" + _ASCII_SPACES else ord(chr(c).lower()) if c < 128 else c for c in range(256)
)
_CJK_DELETE = _CJK_SEPARATORS.encode()


_SPACE_RUNS = re.compile(b"  +")


def _has_any(b: bytes, byte_set: bytes) -> bool:
    return len(b.translate(None, byte_set)) != len(b)


def normalise_bytes(text: str) -> bytes:
    """The normalised text (the "word view") as UTF-8, built from C-level operations only."""
    return _fold(_nfkc(text)).strip(b" ")


def _fold(t: str) -> bytes:
    """An NFKC text case-folded, separators dropped, hyphens and spaces made single spaces, as UTF-8."""
    if t.isascii():
        b = t.encode().translate(_ASCII_LOWER_TABLE, _ASCII_DELETE)
    else:
        b = t.encode()
        if _has_any(b, _FOLD_LEADS):
            b = t.casefold().encode()
        b = b.translate(_ASCII_LOWER_TABLE, _ASCII_DELETE)
        if _has_any(b, _REPLACE_LEADS):
            for lead, replacements in _BYTE_REPLACEMENTS_BY_LEAD.items():
                if lead in b:
                    for old, new in replacements:
                        if old in b:
                            b = b.replace(old, new)
    if b"  " in b:
        b = _SPACE_RUNS.sub(b" ", b)
    return b


def normalise(text: str) -> str:
    """The normalised text (the "word view"), as Latin-script and mixed patterns are matched against it."""
    return normalise_bytes(text).decode()


def cjk_view_bytes(b: bytes) -> bytes:
    """The word view without separators, as UTF-8: purely Chinese patterns are matched against it."""
    return b.translate(None, _CJK_DELETE)


def cjk_view(t: str) -> str:
    return cjk_view_bytes(t.encode()).decode()


class _CharMap(dict):
    """character -> its NFKC case-folded form, filled on first sight."""

    def __missing__(self, ch: str) -> str:
        value = self[ch] = unicodedata.normalize("NFKC", ch).casefold().translate(_CJK_PUNCTUATION_TABLE)
        return value


_CHARS = _CharMap()


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """normalise(text), character by character, with the original index of each resulting character.

    Equal to normalise(text) except where NFKC composes across characters (combining marks); the scanner
    then matches this form again, so spans stay exact.
    """
    chars, drop, as_space = _CHARS, _DROP, _AS_SPACE
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, original in enumerate(text):
        for ch in chars[original]:
            if ch in drop:
                continue
            if ch in as_space or ch.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                offsets.append(i)
                pending_space = False
            out.append(ch)
            offsets.append(i)
    return "".join(out), offsets


def cjk_view_with_offsets(t: str, offsets: list[int]) -> tuple[str, list[int]]:
    seps = set(_CJK_SEPARATORS)
    keep = [k for k, ch in enumerate(t) if ch not in seps]
    return "".join(t[k] for k in keep), [offsets[k] for k in keep]


def _is_word_char(ch: str) -> bool:
    """A letter or digit of an alphabet (not CJK): what a Latin-script term must not touch."""
    return ch.isalnum() and not ("\u2e80" <= ch <= "\ua4cf" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000")


@lru_cache(maxsize=4)
def _converter(config: str):
    from opencc import OpenCC

    return OpenCC(config)


def pattern_variants(term: str) -> set[str]:
    """The normalised strings that stand for one term: Chinese in both scripts, a short Latin word spaced out."""
    base = normalise(term)
    if not base:
        return set()
    variants = {base}
    if _ALL_CJK.match(base.replace(" ", "")):
        # A purely Chinese term is matched in the CJK view, where separators are gone.
        base = cjk_view(base)
    if _HAS_CJK.search(base):
        for config in ("t2s", "s2t", "s2tw", "s2hk"):
            variants.add(normalise(_converter(config).convert(base)))
    elif 2 <= len(base) <= 10 and _SINGLE_LATIN_WORD.match(base):
        variants.add(" ".join(base))
    elif " " in base and _SINGLE_LATIN_WORD.match(base.replace(" ", "")):
        variants.add(base.replace(" ", ""))
    return {v for v in variants if v}


@dataclass(frozen=True)
class Entry:
    """What the scanner needs to know of one code word."""

    code_word_id: int
    term: str
    gloss: str = ""
    taxon: str = ""
    term_code: str = ""
    confidence: str = "suspected"
    tlp: str = "clear"


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    matched: str
    entry: Entry


@dataclass
class ScanResult:
    text: str
    hits: list[Hit] = field(default_factory=list)
    score: float = 0.0


def _byte_word_char_before(b: bytes, i: int) -> bool:
    c = b[i - 1]
    if c < 0x80:
        return chr(c).isalnum()
    j = i - 1
    while j > 0 and b[j] & 0xC0 == 0x80:
        j -= 1
    return _is_word_char(b[j:i].decode("utf-8", "replace"))


def _byte_word_char_at(b: bytes, i: int) -> bool:
    c = b[i]
    if c < 0x80:
        return chr(c).isalnum()
    size = 2 if c < 0xE0 else 3 if c < 0xF0 else 4
    return _is_word_char(b[i : i + size].decode("utf-8", "replace")[:1])


class _Automaton:
    """Patterns of one view and the code words behind each, with which ends need a word boundary."""

    def __init__(self, by_pattern: dict[str, list[Entry]], boundaries: bool):
        self.patterns = list(by_pattern)
        self.entries = [by_pattern[p] for p in self.patterns]
        self.bounds = [(boundaries and _is_word_char(p[0]), boundaries and _is_word_char(p[-1])) for p in self.patterns]
        self.ac = (
            ahocorasick_rs.BytesAhoCorasick(
                [p.encode() for p in self.patterns], matchkind=ahocorasick_rs.MATCHKIND_STANDARD
            )
            if self.patterns
            else None
        )

    def matches(self, b: bytes) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) in bytes of b, for matches whose word boundaries hold."""
        if self.ac is None:
            return []
        found = []
        bounds = self.bounds
        for index, start, end in self.ac.find_matches_as_indexes(b, overlapping=True):
            left, right = bounds[index]
            if left and start > 0 and _byte_word_char_before(b, start):
                continue
            if right and end < len(b) and _byte_word_char_at(b, end):
                continue
            found.append((index, start, end))
        return found


# Plain ASCII words ("xy", "xi jiao"), most of any lexicon, are matched in the "boundary view": the word view
# with every byte that is not an ASCII letter or digit turned into a space, padded with a space at each end,
# against the pattern padded the same way. Whole-word matching then happens inside the automaton, so a short
# term inside longer words ("xy" in "xylophone") costs nothing. The view maps byte for byte, so positions
# carry over; only a neighbour beyond ASCII (a letter such as "é" is a word character, "。" is not) needs a
# look at the word view itself.
_ASCII_WORDS = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
_BOUNDARY_TABLE = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))


class _WordAutomaton:
    """Plain ASCII word patterns, matched whole-word in the boundary view."""

    def __init__(self, by_pattern: dict[str, list[Entry]]):
        self.patterns = list(by_pattern)
        self.entries = [by_pattern[p] for p in self.patterns]
        self.ac = (
            ahocorasick_rs.BytesAhoCorasick(
                [f" {p} ".encode() for p in self.patterns],
                matchkind=ahocorasick_rs.MATCHKIND_STANDARD,
                # Every pattern starts with a space, so no prefilter helps: a DFA (more memory, built once per
                # lexicon version) walks the text about half as fast again as the default NFA.
                implementation=ahocorasick_rs.Implementation.DFA,
            )
            if self.patterns
            else None
        )

    def matches(self, b: bytes) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) in bytes of the word view b."""
        if self.ac is None:
            return []
        view = b" " + b.translate(_BOUNDARY_TABLE) + b" "
        found = []
        for index, start, end in self.ac.find_matches_as_indexes(view, overlapping=True):
            end -= 2  # view[start] is the space before the word: the word is b[start:end - 2]
            if start > 0 and b[start - 1] > 127 and _byte_word_char_before(b, start):
                continue
            if end < len(b) and b[end] > 127 and _byte_word_char_at(b, end):
                continue
            found.append((index, start, end))
        return found


def _char_span(b: bytes, start: int, end: int) -> tuple[int, int]:
    """Byte span -> character span in b.decode()."""
    first = len(b[:start].decode())
    return first, first + len(b[start:end].decode())


class _OffsetMap:
    """Character positions of a normalised view -> positions in the text it came from.

    The view keeps runs of the text one character for one character and leaves out the gaps between them
    (or makes a gap one space); a run starts at view[w_starts[i]] and at text[o_starts[i]].
    """

    def __init__(self, w_starts: list[int], o_starts: list[int], length: int):
        self.w_starts, self.o_starts, self.length = w_starts, o_starts, length

    @classmethod
    def word_view(cls, text: str, tables: "_TextTables") -> "_OffsetMap":
        """The word view of a regular text: only gaps that do not become exactly one space shift positions."""
        start = len(text) - len(text.lstrip(tables.gap_chars))  # gaps at either end are left out
        end = len(text.rstrip(tables.gap_chars))
        w_starts, o_starts = [0], [start]
        w, prev = 0, start
        for gap in tables.shifting_gaps.finditer(text, start, max(start, end)):
            a, b = gap.span()
            w += a - prev
            if tables.spaces.search(text, a, b):  # a gap holding a space becomes one space
                w += 1
            w_starts.append(w)
            o_starts.append(b)
            prev = b
        return cls(w_starts, o_starts, w + max(0, end - prev))

    def __call__(self, k: int) -> int:
        i = bisect_right(self.w_starts, k) - 1
        return self.o_starts[i] + k - self.w_starts[i]


def _word_view_position(view: bytes, position: int) -> int:
    """The byte of the word view that byte `position` of its CJK view (cjk_view_bytes) came from.

    The answer p is where p minus the separator bytes before p equals `position`: start there and move on
    by the separators found before, until none are new (each step looks at fewer), then past any
    separator standing at p. A few C-level counts instead of a map of every separator of the text.
    """
    p = position
    while True:
        moved = position + p - len(view[:p].translate(None, _CJK_DELETE))
        if moved == p:
            if p == len(view) or view[p] not in _CJK_DELETE:
                return p
            moved = p + 1
        p = moved


def _identity(k: int) -> int:
    return k


@lru_cache(maxsize=1)
def _regular_text_tables() -> "_TextTables":
    """Regular expressions over the original text, for mapping views back to it without a per-character loop.

    A text is "regular" when each of its characters becomes exactly one character or nothing (no NFKC
    expansion or composition, no case folding into two letters, no combining marks): then the word view is the
    text minus its gaps (separators dropped, runs of space and hyphens made one space). Irregular texts take the
    per-character route (normalise_with_offsets). Built on first use: it walks all of Unicode once.
    """
    composing = {chr(cp) for cp in range(0x1160, 0x1200)}  # Hangul vowels and finals join the syllable before
    for ch in _ALL_CHARS:
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<") and len(decomposition.split()) == 2:
            composing.add(chr(int(decomposition.split()[1], 16)))
    irregular, drops, spaces = [], [], []
    for ch in [chr(cp) for cp in range(128)] + _ALL_CHARS:
        folded = _CHARS[ch]
        nfkc = unicodedata.normalize("NFKC", ch)
        if (
            len(folded) != 1
            or unicodedata.combining(ch)
            or ch in composing
            or any(c in composing or unicodedata.combining(c) for c in nfkc)
        ):
            irregular.append(ch)
        elif folded in _DROP:
            drops.append(ch)
        elif folded in _AS_SPACE or folded.isspace():
            spaces.append(ch)
    gap = _char_class(drops + spaces)
    # A class of BMP characters compiles to a bitmap; one reaching beyond it is a slow list of ranges.
    beyond_bmp = [ch for ch in irregular if ch > "\uffff"]
    return _TextTables(
        irregular=re.compile(_char_class([ch for ch in irregular if ch <= "\uffff"])),
        irregular_beyond_bmp=re.compile(_char_class(beyond_bmp)),
        # Inside the text, the runs of dropped characters and spaces that do not map to exactly one space:
        # two or more, or a lone dropped character (a lone space maps to itself).
        shifting_gaps=re.compile(f"(?:{gap}{gap}+|{_char_class(drops)})"),
        gap_chars="".join(drops + spaces),
        spaces=re.compile(_char_class(spaces)),
    )


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class _TextTables:
    irregular: re.Pattern
    irregular_beyond_bmp: re.Pattern
    shifting_gaps: re.Pattern
    gap_chars: str
    spaces: re.Pattern

    def is_regular(self, text: str) -> bool:
        if self.irregular.search(text):
            return False
        return not (_BEYOND_BMP.search(text) and self.irregular_beyond_bmp.search(text))


def _char_class(chars) -> str:
    """A regular-expression class of these characters, as ranges (a long list of single characters is slow)."""
    points = sorted({ord(ch) for ch in chars})
    ranges, start = [], None
    for i, cp in enumerate(points):
        if start is None:
            start = cp
        if i + 1 == len(points) or points[i + 1] != cp + 1:
            ranges.append(re.escape(chr(start)) + ("" if cp == start else "-" + re.escape(chr(cp))))
            start = None
    return "[" + "".join(ranges) + "]"


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


def _original_span(b: bytes, offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Byte span in a normalised view -> character span in the original text."""
    first, last = _char_span(b, start, end)
    return offsets[first], offsets[last - 1] + 1


def _resolve(result: ScanResult, spans) -> ScanResult:
    """Overlapping hits: the longest wins, then the leftmost ("象牙制品" over "象牙"); then the score."""
    spans.sort(key=lambda s: (s[0], s[0] - s[1]))
    taken_until = -1
    seen = set()
    text = result.text
    for start, end, entries in spans:
        if start < taken_until:
            continue
        taken_until = end
        for entry in entries:
            result.hits.append(Hit(start, end, text[start:end], entry))
            seen.add(entry)
    miss = math.prod(1 - CONFIDENCE_WEIGHT.get(e.confidence, 0.3) for e in seen)
    result.score = round(1 - miss, 3)
    return result


def segments(result: ScanResult) -> list[tuple[str, list[Hit]]]:
    """The text cut into plain and hit segments, for highlighting: [(text, hits at that span), ...]."""
    spans: dict[tuple[int, int], list[Hit]] = {}
    for hit in result.hits:
        spans.setdefault((hit.start, hit.end), []).append(hit)
    out, pos = [], 0
    for (start, end), hits in sorted(spans.items()):
        if start < pos:
            continue
        if start > pos:
            out.append((result.text[pos:start], []))
        out.append((result.text[start:end], hits))
        pos = end
    if pos < len(result.text):
        out.append((result.text[pos:], []))
    return out


# One automaton per visible set of code words, rebuilt when any of them changes (the key holds their
# ids, versions and creation times: SQLite may give a deleted row's id to a new one). A process-local cache only: losing it costs one rebuild, never a wrong answer.
_CACHE: "OrderedDict[tuple, Scanner]" = OrderedDict()
_CACHE_SIZE = 16
_LOCK = Lock()


def scanner_for(user) -> Scanner:
    """The scanner over exactly the code words this user may use (lexicon.selectors.scan_codewords)."""
    from lexicon.policies import receives_releasable_only
    from lexicon.selectors import scan_codewords

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

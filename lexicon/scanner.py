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
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from threading import Lock

import ahocorasick_rs

_ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufe0e\ufe0f\ufeff"
# Punctuation traders put inside a word ("X.Y", "i.v.o.r.y", "jel_ly"): dropped wherever it stands.
_WORD_SEPARATORS = ".·•*_'’"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# Chinese is written without spaces: in the CJK view these go too ("象 牙", "象,牙").
_CJK_SEPARATORS = " ,~|/\\。、・"
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
_ASCII_TABLE = bytes.maketrans(("-" + _ASCII_SPACES).encode(), b" " * (1 + len(_ASCII_SPACES)))
_ASCII_DELETE = "".join(ch for ch in _ZERO_WIDTH + _WORD_SEPARATORS if ord(ch) < 128).encode()
_BYTE_REPLACEMENTS = [(b, b"") for b in _non_ascii(_ZERO_WIDTH + _WORD_SEPARATORS)] + [
    (b, b" ") for b in _non_ascii(_HYPHENS) + _non_ascii(_UNICODE_SPACES)
]
# Conservative: any byte sequence that starts a case-changing character sends the text to str.casefold().
_FOLD_PREFIXES = sorted({ch.encode()[:1] if len(ch.encode()) == 2 else ch.encode()[:2] for ch in _FOLDED})
_NEEDS_FOLD = re.compile(b"|".join(re.escape(p) for p in _FOLD_PREFIXES))
# One search tells whether a text needs the slower route (case folding beyond ASCII, or special characters).
_NEEDS_WORK = re.compile(
    b"|".join(re.escape(p) for p in sorted(set(_FOLD_PREFIXES) | {b for b, _ in _BYTE_REPLACEMENTS}))
)
_CJK_DELETE = "".join(ch for ch in _CJK_SEPARATORS if ord(ch) < 128).encode()
_CJK_BYTE_SEPARATORS = _non_ascii(_CJK_SEPARATORS)


def normalise_bytes(text: str) -> bytes:
    """The normalised text (the "word view") as UTF-8, built from C-level operations only."""
    t = _nfkc(text)
    b = t.encode()
    if t.isascii() or not _NEEDS_WORK.search(b):
        b = b.lower().translate(_ASCII_TABLE, _ASCII_DELETE)
    else:
        b = t.casefold().encode().translate(_ASCII_TABLE, _ASCII_DELETE)
        for old, new in _BYTE_REPLACEMENTS:
            if old in b:
                b = b.replace(old, new)
    if b"  " in b:
        return b" ".join(b.split())
    return b.strip(b" ")


def normalise(text: str) -> str:
    """The normalised text (the "word view"), as Latin-script and mixed patterns are matched against it."""
    return normalise_bytes(text).decode()


def cjk_view_bytes(b: bytes) -> bytes:
    """The word view without separators, as UTF-8: purely Chinese patterns are matched against it."""
    b = b.translate(None, _CJK_DELETE)
    for sep in _CJK_BYTE_SEPARATORS:
        if sep in b:
            b = b.replace(sep, b"")
    return b


def cjk_view(t: str) -> str:
    return cjk_view_bytes(t.encode()).decode()


class _CharMap(dict):
    """character -> its NFKC case-folded form, filled on first sight."""

    def __missing__(self, ch: str) -> str:
        value = self[ch] = unicodedata.normalize("NFKC", ch).casefold()
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


def _original_span(b: bytes, offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Byte span in a normalised view -> character span in the original text."""
    first = len(b[:start].decode())
    last = first + len(b[start:end].decode()) - 1
    return offsets[first], offsets[last] + 1


class Scanner:
    """Two automata over the patterns of a set of code words: one for the word view, one for the CJK view."""

    def __init__(self, entries):
        self.entries = list(entries)
        words: dict[str, list[Entry]] = {}
        chinese: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for pattern in pattern_variants(entry.term):
                target = chinese if _ALL_CJK.match(pattern) else words
                target.setdefault(pattern, []).append(entry)
        self.words = _Automaton(words, boundaries=True)
        self.chinese = _Automaton(chinese, boundaries=False)

    @property
    def pattern_count(self) -> int:
        return len(self.words.patterns) + len(self.chinese.patterns)

    def scan(self, text: str) -> ScanResult:
        result = ScanResult(text=text)
        if not text:
            return result
        fast = normalise_bytes(text)
        word_matches = self.words.matches(fast)
        cjk_fast = cjk_view_bytes(fast) if self.chinese.ac is not None else b""
        cjk_matches = self.chinese.matches(cjk_fast) if cjk_fast else []
        if not word_matches and not cjk_matches:
            return result
        # A hit: redo the normalisation character by character to map spans back to the original text.
        slow, offsets = normalise_with_offsets(text)
        slow_bytes = slow.encode()
        if slow_bytes != fast:
            word_matches = self.words.matches(slow_bytes)
        spans = [
            (*_original_span(slow_bytes, offsets, start, end), self.words.entries[index])
            for index, start, end in word_matches
        ]
        if self.chinese.ac is not None:
            squeezed, squeezed_offsets = cjk_view_with_offsets(slow, offsets)
            squeezed_bytes = squeezed.encode()
            if squeezed_bytes != cjk_fast:
                cjk_matches = self.chinese.matches(squeezed_bytes)
            spans += [
                (*_original_span(squeezed_bytes, squeezed_offsets, start, end), self.chinese.entries[index])
                for index, start, end in cjk_matches
            ]
        # Overlapping hits: the longest wins, then the leftmost ("象牙制品" over "象牙").
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        taken_until = -1
        seen = set()
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

    def scan_many(self, texts) -> list[ScanResult]:
        return [self.scan(text) for text in texts]


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
# ids and versions). A process-local cache only: losing it costs one rebuild, never a wrong answer.
_CACHE: "OrderedDict[tuple, Scanner]" = OrderedDict()
_CACHE_SIZE = 16
_LOCK = Lock()


def scanner_for(user) -> Scanner:
    """The scanner over exactly the code words this user may use (lexicon.selectors.scan_codewords)."""
    from lexicon.selectors import receives_releasable_only, scan_codewords

    qs = scan_codewords(viewer=user)
    scope = "releasable" if receives_releasable_only(user) else "visible"
    key = (scope, tuple(qs.order_by("pk").values_list("pk", "version")))
    with _LOCK:
        scanner = _CACHE.get(key)
        if scanner is not None:
            _CACHE.move_to_end(key)
            return scanner
    rows = list(qs.select_related("taxon", "term_code").order_by("pk"))
    key = (scope, tuple((row.pk, row.version) for row in rows))
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

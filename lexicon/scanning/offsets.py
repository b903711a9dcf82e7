"""Positions in a normalised view -> positions in the original text.

A "regular" text (each character becomes exactly one character or nothing) is mapped with a few regular
expressions over the text; any other text is normalised again one character at a time with its offsets.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from lexicon.scanning.normalise import _ALL_CHARS, _AS_SPACE, _CHARS, _CJK_DELETE, _CJK_SEPARATORS, _DROP


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


def _original_span(b: bytes, offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Byte span in a normalised view -> character span in the original text."""
    first, last = _char_span(b, start, end)
    return offsets[first], offsets[last - 1] + 1

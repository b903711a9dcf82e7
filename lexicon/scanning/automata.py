"""Aho-Corasick automata (ahocorasick-rs) over the patterns of one view, with whole-word checks."""

import re

import ahocorasick_rs

from lexicon.scanning.normalise import _is_word_char
from lexicon.scanning.results import Entry


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

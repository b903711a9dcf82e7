"""Find code words in advert text (see lexicon.scanning.scanner for how).

normalise: the word view and the CJK view of a text, and the pattern variants of a term.
offsets: positions in a normalised view mapped back to the original text.
automata: the Aho-Corasick automata and their whole-word checks.
results: entries, hits and scan results; overlapping hits resolved and scored.
scanner: Scanner over a set of code words, and the per-user process cache (scanner_for, scan_texts).
"""

from lexicon.scanning.normalise import cjk_view, cjk_view_bytes, normalise, normalise_bytes, pattern_variants
from lexicon.scanning.offsets import cjk_view_with_offsets, normalise_with_offsets
from lexicon.scanning.results import CONFIDENCE_WEIGHT, Entry, Hit, ScanResult, segments
from lexicon.scanning.scanner import Scanner, scan_texts, scanner_for

__all__ = [
    "CONFIDENCE_WEIGHT",
    "Entry",
    "Hit",
    "ScanResult",
    "Scanner",
    "cjk_view",
    "cjk_view_bytes",
    "cjk_view_with_offsets",
    "normalise",
    "normalise_bytes",
    "normalise_with_offsets",
    "pattern_variants",
    "scan_texts",
    "scanner_for",
    "segments",
]

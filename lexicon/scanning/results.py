"""What the scanner finds: code-word entries, hits, results; overlapping hits resolved and scored."""

import math
from dataclasses import dataclass, field

CONFIDENCE_WEIGHT = {"confirmed": 0.9, "probable": 0.6, "suspected": 0.3}


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

"""Normalisation and matching: no database, the scanner alone."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lexicon.scanning import (
    Entry,
    Scanner,
    ScanResult,
    normalise,
    normalise_with_offsets,
    pattern_variants,
    segments,
)
from lexicon.scanning.results import _resolve

ENTRIES = [
    Entry(1, "XY", "ivory", confidence="confirmed"),
    Entry(2, "象牙", "ivory (zh)"),
    Entry(3, "Xi Jiao", "rhino horn", confidence="probable"),
    Entry(4, "blood material", "raw ivory"),
    Entry(5, "犀角", "rhino horn (zh)"),
    Entry(6, "🐘🦷", "ivory (emoji)"),
    Entry(7, "象牙制品", "ivory products"),
    Entry(8, "jelly", "ivory (en)"),
    Entry(9, "穿山甲鳞片", "pangolin scales"),
]


@pytest.fixture(scope="module")
def scanner():
    return Scanner(ENTRIES)


def found(scanner, text):
    return [(hit.matched, hit.entry.code_word_id) for hit in scanner.scan(text).hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selling ＸＹ bangles", [("ＸＹ", 1)]),  # full-width
        ("X.Y carving, good price", [("X.Y", 1)]),  # dot inside the word
        ("x y beads", [("x y", 1)]),  # letters spaced out
        ("X\u200bY", [("X\u200bY", 1)]),  # zero-width space
        ("j.e.l.l.y for sale", [("j.e.l.l.y", 8)]),
        ("JELLY", [("JELLY", 8)]),  # case folding
        ("象 牙 手镯", [("象 牙", 2)]),  # space inside a Chinese word
        ("象.牙", [("象.牙", 2)]),
        ("象牙手鐲", [("象牙", 2)]),
        ("犀角杯", [("犀角", 5)]),
        ("穿山甲鱗片 批發", [("穿山甲鱗片", 9)]),  # traditional text, simplified pattern
        ("Xi-Jiao powder", [("Xi-Jiao", 3)]),
        ("XiJiao powder", [("XiJiao", 3)]),
        ("BLOOD   MATERIAL", [("BLOOD   MATERIAL", 4)]),
        ("🐘🦷 figure", [("🐘🦷", 6)]),
        ("象牙製品 cheap", [("象牙製品", 7)]),  # the longest of overlapping hits wins
        ("XY象牙", [("XY", 1), ("象牙", 2)]),  # a Chinese neighbour is a word boundary
    ],
)
def test_finds(scanner, text, expected):
    assert found(scanner, text) == expected


@pytest.mark.parametrize(
    "text",
    ["XYLOPHONE for sale", "a nice oxy cleaner", "jellyfish tank", "xylem", "1XY2", "X-ray Y", "x yz", ""],
)
def test_latin_terms_match_whole_words_only(scanner, text):
    assert found(scanner, text) == []


def test_spans_point_into_the_original_text(scanner):
    text = "Ａｄ： ＸＹ ４ｋｇ and 象 牙 and X\u200b.Y"
    result = scanner.scan(text)
    assert [text[h.start : h.end] for h in result.hits] == ["ＸＹ", "象 牙", "X\u200b.Y"]


def test_fast_and_offset_normalisation_agree():
    texts = ["Ｈｅｌｌｏ  Ｗｏｒｌｄ", "a\t-\u2014b", "象 牙。犀角", "Straße ﬁne", " lead  and trail ", "HÀNG TRẮNG"]
    texts += ["ВОЛК\u2014ЗУБ", "a\u2028b\u00a0c", "x\u00b7y\u2019z", "ΣΊΓΜΑ", "tab\x1fsep"]
    for text in texts:
        slow, offsets = normalise_with_offsets(text)
        assert slow == normalise(text)
        assert len(offsets) == len(slow)


def test_patterns_cover_both_chinese_scripts():
    assert {"象牙", "穿山甲鳞片", "穿山甲鱗片"} <= pattern_variants("象牙") | pattern_variants("穿山甲鱗片")
    assert "x y" in pattern_variants("XY")


def test_score_rises_with_confidence_and_count(scanner):
    one = scanner.scan("XY here").score
    two = scanner.scan("XY and Xi Jiao").score
    assert 0 < one < two <= 1
    assert scanner.scan("nothing").score == 0


def test_segments_highlight_the_hits(scanner):
    result = scanner.scan("buy XY now")
    assert [(text, bool(hits)) for text, hits in segments(result)] == [("buy ", False), ("XY", True), (" now", False)]


def test_code_words_sharing_a_term_each_hit():
    scanner = Scanner([Entry(1, "XY", "ivory"), Entry(2, "xy", "ivory, other agency")])
    assert sorted(h.entry.code_word_id for h in scanner.scan("XY").hits) == [1, 2]


def test_an_empty_lexicon_finds_nothing():
    assert Scanner([]).scan("XY 象牙").hits == []


# Pieces that exercise every route: terms plain, disguised and inside longer words, letters that fold or expand
# (ß, ﬁ), a combining accent, separators and spaces of every kind, Chinese in both scripts, CJK punctuation, emoji.
PIECES = ["XY", "ＸＹ", "x.y", "xylo", "jelly", "Xi-Jiao", "象牙", "象 牙", "製品", "犀角", "🐘🦷", "blood", "material"]
PIECES += [
    "É",
    "é",
    "ß",
    "\ufb01",
    "\u0301",
    " ",
    "  ",
    ".",
    "-",
    "_",
    "·",
    "\u200b",
    "\u00a0",
    "\u3000",
    "—",
    "。",
    "，",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
@settings(max_examples=400, deadline=None)
def test_fast_spans_equal_the_character_by_character_route(text):
    """The scanner's fast offset mapping finds exactly what redoing the normalisation per character finds.

    Except where NFKC composes across characters ("Y" and a combining accent make "Ý"): there the character
    route sees two characters, and the fast route the one that the text shows.
    """
    assume(normalise_with_offsets(text)[0] == normalise(text))
    scanner = Scanner(ENTRIES)
    fast = scanner.scan(text)
    reference = _resolve(ScanResult(text=text), scanner._spans_char_by_char(text))
    assert [(h.start, h.end, h.entry.code_word_id) for h in fast.hits] == [
        (h.start, h.end, h.entry.code_word_id) for h in reference.hits
    ]


def test_a_word_beyond_ascii_next_to_a_latin_term_blocks_it(scanner):
    assert found(scanner, "XYé and éXY") == []
    assert found(scanner, "XY。XY") == [("XY", 1), ("XY", 1)]


def test_scan_many_equals_scanning_one_by_one(scanner):
    texts = ["XY", "", "no hit", "象 牙 and JELLY"]
    many = scanner.scan_many(texts)
    assert [[(h.start, h.end) for h in r.hits] for r in many] == [
        [(h.start, h.end) for h in scanner.scan(t).hits] for t in texts
    ]


@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), max_size=12), st.integers(1, 5))
@settings(max_examples=200, deadline=None)
def test_scan_many_equals_scan_for_any_batch(texts, batch_size):
    """Texts normalised and searched together, in batches of any size, give each text exactly scan()'s hits."""
    scanner = Scanner(ENTRIES)
    many = scanner.scan_many(texts, batch_size=batch_size)
    assert [[(h.start, h.end, h.entry.code_word_id) for h in r.hits] for r in many] == [
        [(h.start, h.end, h.entry.code_word_id) for h in scanner.scan(t).hits] for t in texts
    ]
    assert [r.score for r in many] == [scanner.scan(t).score for t in texts]

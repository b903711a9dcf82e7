"""Text normalisation: the word view and the CJK view, and the pattern variants of a term.

NFKC (which also turns full-width forms into half-width), case folding, zero-width characters and variation
selectors removed, hyphens and any whitespace read as one space, and the separators traders put inside a word
removed. The fast path (normalise_bytes) uses C-level string operations only.
"""

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

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


def _is_word_char(ch: str) -> bool:
    """A letter or digit of an alphabet (not CJK): what a Latin-script term must not touch."""
    return ch.isalnum() and not ("\u2e80" <= ch <= "\ua4cf" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000")


@lru_cache(maxsize=4)
def _converter(config: str):
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

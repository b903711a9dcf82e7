"""Tokens of the search index: lower-cased Latin words plus CJK single characters and bigrams.

Why not trigrams or PostgreSQL full-text search (measured, see the issue): a trigram index does nothing
for a two-character pattern such as "XY" or "象牙", and the `simple` parser treats a run of Chinese
characters as one word, so "象牙" inside a longer run is never found. Character bigrams of every CJK run
(and single characters, for one-character queries) make any CJK substring of two or more characters a
conjunction of bigrams, which an array GIN index answers directly.

Chinese is indexed and searched in simplified characters (OpenCC t2s), so that 象牙 finds 象牙 and 手鐲 finds
手镯: one conversion of each CJK run when a record is indexed and when a query is read, instead of a query
for each script.
"""

import re
import unicodedata
from datetime import UTC
from functools import lru_cache

# CJK ideographs, kana, hangul: scripts written without spaces between words.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
MAX_TOKEN = 60


def _fold(word: str) -> str:
    """Lower-case and strip accents, so that "Pangolín" finds "pangolin"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:MAX_TOKEN]


@lru_cache(maxsize=4)
def _converter(config: str):
    from opencc import OpenCC  # its dictionaries load on first use, not when the portal starts

    return OpenCC(config)


def simplified(run: str) -> str:
    """A CJK run in simplified Chinese characters (kana, hangul and simplified text pass unchanged)."""
    converted = _converter("t2s").convert(run)
    # OpenCC converts character for character here; a different length would break the bigrams' alignment.
    return converted if len(converted) == len(run) else run


def runs(text: str) -> list[str]:
    """Latin words (folded) and CJK runs (simplified), in order, as a user would read them."""
    out = []
    for run in _RUN.findall(unicodedata.normalize("NFKC", text or "")):
        out.append(simplified(run) if _IS_CJK.match(run) else _fold(run))
    return [r for r in out if r]


def _cjk_grams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> set[str]:
    """Every token under which a text is found."""
    tokens = set()
    for run in runs(text):
        if _IS_CJK.match(run):
            tokens.update(run)
            tokens.update(_cjk_grams(run))
        else:
            tokens.add(run)
    return tokens


def query_tokens(text: str) -> list[str]:
    """The tokens a record must all hold to match the query (a CJK run needs every one of its bigrams)."""
    tokens: dict[str, None] = {}
    for run in runs(text):
        if _IS_CJK.match(run):
            for token in _cjk_grams(run) if len(run) > 1 else [run]:
                tokens[token] = None
        else:
            tokens[run] = None
    return list(tokens)


def month_token(when) -> str:
    """The index token of the month a record was created in (UTC), e.g. "@2026-11".

    No word of any text gives a token with "@", so it never matches a query word; it lets the GIN index
    answer "this word, in these months" in one scan (services reads the newest months first).
    """
    when = when.astimezone(UTC) if when.tzinfo else when
    return f"@{when.year:04d}-{when.month:02d}"


def month_tokens(first: int, last: int) -> list[str]:
    """Tokens of the months numbered first..last (a month's number is year * 12 + month - 1)."""
    return [f"@{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, last + 1)]


def month_number(when) -> int:
    when = when.astimezone(UTC) if when.tzinfo else when
    return when.year * 12 + when.month - 1


def highlight_terms(text: str) -> list[str]:
    """What to mark in a snippet: the query's words and CJK runs in both scripts, longest first."""
    terms = set()
    for run in runs(text):
        terms.add(run)
        if _IS_CJK.match(run):
            terms.update(_converter(config).convert(run) for config in ("s2t", "s2tw", "s2hk"))
    return sorted(terms, key=len, reverse=True)

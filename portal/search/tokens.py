"""Tokens of the search index: lower-cased Latin words plus CJK single characters and bigrams.

Why not trigrams or PostgreSQL full-text search (measured, see the issue): a trigram index does nothing
for a two-character pattern such as "XY" or "象牙", and the `simple` parser treats a run of Chinese
characters as one word, so "象牙" inside a longer run is never found. Character bigrams of every CJK run
(and single characters, for one-character queries) make any CJK substring of two or more characters a
conjunction of bigrams, which an array GIN index answers directly.
"""

import re
import unicodedata

# CJK ideographs, kana, hangul: scripts written without spaces between words.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_RUN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
MAX_TOKEN = 60


def _fold(word: str) -> str:
    """Lower-case and strip accents, so that "Pangolín" finds "pangolin"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))[:MAX_TOKEN]


def runs(text: str) -> list[str]:
    """Latin words (folded) and CJK runs, in order, as a user would read them."""
    out = []
    for run in _RUN.findall(unicodedata.normalize("NFKC", text or "")):
        out.append(run if _IS_CJK.match(run) else _fold(run))
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


def highlight_terms(text: str) -> list[str]:
    """What to mark in a snippet: the query's words and CJK runs, longest first."""
    return sorted(set(runs(text)), key=len, reverse=True)

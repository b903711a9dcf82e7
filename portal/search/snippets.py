"""A hit's snippet: a window of the record's text around the first match, escaped, with the matches marked."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 200


def highlight(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """A window of text around the first match, HTML-escaped, with every match in <mark>."""
    text = " ".join(str(text or "").split())
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    window = text[start : start + width]
    out, pos = [], 0
    for match in pattern.finditer(window) if pattern else ():
        out.append(escape(window[pos : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        pos = match.end()
    out.append(escape(window[pos:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + width < len(text) else ""
    # Every piece of the record's text went through escape() above; only our <mark> tags are markup.
    return mark_safe(escape(prefix) + "".join(out) + escape(suffix))  # noqa: S308

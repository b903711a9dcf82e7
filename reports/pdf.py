"""HTML to PDF with WeasyPrint, through a URL fetcher that reaches nothing but the portal's own static files.

WeasyPrint's default fetcher opens http(s), ftp and file:// URLs (CVE-2025-68616 and its kind): a report whose
text carries an <img src="file:///etc/passwd"> or an internal http address must not fetch it.
"""

import io
import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

# WeasyPrint logs every rendering step at INFO; keep its warnings (a refused URL) only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402


def static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class StaticOnlyFetcher(URLFetcher):
    """Allows data: URIs and file:// URLs inside the static directories; refuses everything else."""

    def __init__(self, *args, **kwargs):
        kwargs["allow_redirects"] = False
        super().__init__(*args, **kwargs)
        self.refused: list[str] = []

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return True
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in static_roots())

    def fetch(self, url, headers=None):
        if not self.allowed(url):
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url!r}: reports may only use the portal's static files")
        return super().fetch(url, headers)


def render_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> tuple[bytes, int]:
    """Render HTML to PDF bytes and its page count. Relative URLs resolve against the first static directory."""
    fetcher = fetcher or StaticOnlyFetcher()
    roots = static_roots()
    base_url = roots[0].as_uri() + "/" if roots else None
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
    out = io.BytesIO()
    document.write_pdf(out)
    return out.getvalue(), len(document.pages)

"""Reads of the lexicon, always for a viewer.

The lexicon's one extra rule (platforms receive only releasable code words) is in its policy,
lexicon.policies.CodeWordPolicy, which visible_to applies: nothing that asks the policy can forget it.
"""

from django.db.models import Q

from lexicon.models import CodeWord, Status
from portal.access.models import TLP_ORDER, most_restricted_tlp, tlp_rank


def codeword_list(*, viewer, filters: dict | None = None):
    """Code words the viewer may see, filtered by the list page's or API's plain filters."""

    qs = CodeWord.objects.visible_to(viewer).select_related("owner_org", "taxon", "term_code")
    filters = filters or {}
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(term__icontains=text) | Q(romanisation__icontains=text) | Q(gloss__icontains=text))
    for name in ("language", "category", "confidence", "status", "script"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("taxon"):
        qs = qs.filter(taxon_id=filters["taxon"])
    return qs


def export_rows(*, viewer, max_tlp: str | None = None):
    """The code words a viewer may export, at most max_tlp, and the most restrictive TLP among them."""
    qs = codeword_list(viewer=viewer).order_by("term", "id")
    if max_tlp:
        allowed = [t for t in TLP_ORDER if tlp_rank(t) <= tlp_rank(max_tlp)]
        qs = qs.filter(tlp__in=allowed)
    rows = list(qs)
    return rows, most_restricted_tlp(row.tlp for row in rows)


def scan_codewords(*, viewer):
    """The active code words the scanner may use for this viewer: visible (and, for platforms, releasable)."""

    return CodeWord.objects.visible_to(viewer).filter(status=Status.ACTIVE)

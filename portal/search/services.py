"""The one search: candidates from the index, then each source's own policy decides what the user sees.

The index holds no copy of who may see what. For every source, the hits are
`Model.objects.visible_to(user).filter(pk__in=<matching index rows>)`; snippets are cut from the visible,
redacted record; facet counts are taken over visible records only and capped.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.access.policy import PERSONAL_DATA_SECTORS, redact, vetted_membership
from portal.search.models import SearchEntry
from portal.search.registry import SearchSource, search_sources
from portal.search.tokens import highlight_terms, query_tokens

COUNT_CAP = 1000  # per source: beyond this a count shows as "1000+"
FACET_SAMPLE = 1000  # facet values are counted over at most this many visible hits per source
SNIPPET_CHARS = 200
MAX_PAGE = 50


@dataclass
class Filters:
    """What to look for; every field is optional (no text means "everything", newest first)."""

    q: str = ""
    types: tuple[str, ...] = ()
    country: str = ""
    taxon: str = ""
    platform: str = ""
    space: int | None = None
    since: datetime | None = None


@dataclass
class Hit:
    source: SearchSource
    obj: object
    title: str
    snippet: SafeString
    url: str

    @property
    def type(self) -> str:
        return self.source.key

    @property
    def type_label(self) -> str:
        return str(self.source.model._meta.verbose_name)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    capped: bool
    page: int
    per_page: int
    facets: dict = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total and self.page < MAX_PAGE


def sources_for(user, types=()) -> list[SearchSource]:
    sources = [s for s in search_sources() if not types or s.key in types]
    # Persons are searched only by those who may see personal data at all.
    return [s for s in sources if not s.personal or vetted_membership(user) is not None]


def visible_hits(user, source: SearchSource, filters: Filters, tokens: list[str]):
    """The source's records matching the filters that the user may see: a queryset, policy applied."""
    entries = SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(source.model))
    if tokens:
        entries = entries.filter(tokens__has_tokens=tokens)
    if filters.country:
        entries = entries.filter(countries__contains=f"|{filters.country.upper()}|")
    if filters.taxon:
        entries = entries.filter(taxa__contains=f"|{filters.taxon}|")
    if filters.platform:
        entries = entries.filter(platforms__contains=f"|{filters.platform.lower()}|")
    if filters.since:
        entries = entries.filter(updated_at__gte=filters.since)
    qs = source.model.objects.visible_to(user).filter(pk__in=entries.values("object_id"))
    if filters.space:
        qs = qs.filter(spaces__id=filters.space)
    if source.personal:
        # Personal data shows to the owner organisation and to enforcement, CITES authority and IGO viewers
        # (policy.sees_personal_data); for anyone else a person's record is only findable in their own org.
        membership = vetted_membership(user)
        if membership.organisation.sector not in PERSONAL_DATA_SECTORS:
            qs = qs.filter(owner_org_id=membership.organisation_id)
    return qs


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


def _hit(user, source: SearchSource, obj, terms) -> Hit:
    obj = redact(user, obj)
    return Hit(source, obj, str(source.title(obj)), highlight(source.snippet(obj), terms), obj.get_absolute_url())


def _facets(source, ids) -> tuple[Counter, Counter]:
    """Country and taxon values of these (visible) records, read from the index rows by primary key."""
    if not (source.country_field or source.taxon_field) or not ids:
        return Counter(), Counter()
    rows = SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(source.model), object_id__in=ids
    ).values_list("countries", "taxa")
    countries, taxa = Counter(), Counter()
    for country_values, taxon_values in rows:
        countries.update(v for v in country_values.split("|") if v)
        taxa.update(v for v in taxon_values.split("|") if v)
    return countries, taxa


def _taxon_labels(sources, keys) -> dict[str, str]:
    """Names of taxon facet values that are foreign keys; other values name themselves."""
    labels = {k: k for k in keys}
    for source in sources:
        if not source.taxon_field:
            continue
        field_ = source.model._meta.get_field(source.taxon_field)
        if field_.many_to_one:
            ids = [k for k in keys if k.isdigit()]
            for obj in field_.related_model._default_manager.filter(pk__in=ids):
                labels[str(obj.pk)] = str(obj)
    return labels


def search(user, filters: Filters, *, page: int = 1, per_page: int = 20, facets: bool = True) -> Results:
    """One query per source finds its visible hits (newest first, capped); counts, facets and the page follow."""
    tokens = query_tokens(filters.q)
    terms = highlight_terms(filters.q)
    page = max(1, min(page, MAX_PAGE))
    wanted = page * per_page
    sources = sources_for(user, filters.types)
    candidates, total, capped = [], 0, False
    type_counts, countries, taxa = {}, Counter(), Counter()
    for source in sources:
        newest = visible_hits(user, source, filters, tokens).order_by("-created_at", "-pk")
        rows = list(newest.values_list("pk", "created_at")[: COUNT_CAP + 1])
        if not rows:
            continue
        source_capped = len(rows) > COUNT_CAP
        rows = rows[:COUNT_CAP]
        type_counts[source.key] = {"label": source.verbose_name, "count": len(rows), "capped": source_capped}
        total += len(rows)
        capped |= source_capped
        candidates.extend((created, pk, source) for pk, created in rows[:wanted])
        if facets:
            c, t = _facets(source, [pk for pk, _ in rows[:FACET_SAMPLE]])
            countries.update(c)
            taxa.update(t)
    candidates.sort(key=lambda row: (row[0], row[1]), reverse=True)
    chosen = candidates[(page - 1) * per_page : wanted]
    # The page's records, fetched through the policy again (by primary key, so cheaply) and redacted.
    objects = {}
    for source in {source for _, _, source in chosen}:
        pks = [pk for _, pk, s in chosen if s is source]
        for obj in source.model.objects.visible_to(user).filter(pk__in=pks).select_related("owner_org"):
            objects[(source.key, obj.pk)] = obj
    hits = [
        _hit(user, source, objects[(source.key, pk)], terms) for _, pk, source in chosen if (source.key, pk) in objects
    ]
    facet_data = {}
    if facets:
        taxon_names = _taxon_labels(sources, list(taxa))
        facet_data = {
            "type": type_counts,
            "country": dict(countries.most_common(30)),
            "taxon": {k: {"label": taxon_names.get(k, k), "count": n} for k, n in taxa.most_common(30)},
        }
    return Results(hits, total, capped, page, per_page, facet_data)

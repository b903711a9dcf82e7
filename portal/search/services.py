"""The one search: candidates from the index, newest first, then each source's own rule decides what the user sees.

The index holds no copy of who may see what, only keys of who might (the policy's reach keys): a search for
words reads as candidates only the matches whose keys the reader holds, so matches hidden from them cost
nothing. Candidates are read from the index newest first across every source at once, a slice of months at a
time (the GIN index intersects the query's words with the months' tokens, so a common word costs the matching
rows of recent months, not every row that holds it; a rare word passes through the slices in a few cheap
look-ups). For each chunk of CHUNK candidates and each source, `source.visible_records(user)` (the model's
policy, `visible_to`, or the app's own selector for contacts) keeps the ones the user may see, in one query
that also reads the columns of the page's records. Reading stops once the page is full and enough hits are
counted.

Counts and facets are taken over the visible hits read (at most COUNT_CAP, and beyond the page at most
EFFORT candidates): exact when the index was read to its end, otherwise shown as "N+" with a note that they
cover the newest N results.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, Value
from django.utils import timezone
from django.utils.safestring import SafeString

from portal.access.policies import reader_keys
from portal.access.policy import redact, vetted_membership
from portal.access.registry import policy_for
from portal.orgs.models import Organisation
from portal.search.facets import facet_counts, taxon_labels
from portal.search.models import InArray, SearchEntry
from portal.search.registry import SearchSource, search_sources
from portal.search.snippets import highlight
from portal.search.tokens import highlight_terms, month_number, month_tokens, query_tokens

COUNT_CAP = 1000  # visible hits counted at most: beyond this a count shows as "1000+"
CHUNK = 1000  # candidates checked against the policy per query (and aimed at per slice of months)
EFFORT = 1000  # beyond the page, candidates checked at most for counts and facets
MAX_READ = 20_000  # candidates checked at most per search: a reader who sees little of a common word stops here
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
        return self.source.type_label

    @property
    def shareable(self) -> bool:
        return self.source.shareable

    @property
    def owner(self) -> str:
        return str(getattr(self.obj, "owner_org", None) or getattr(self.obj, "organisation", "") or "")

    @property
    def tlp(self) -> str | None:
        return getattr(self.obj, "tlp", None)

    @property
    def pap(self) -> str | None:
        return getattr(self.obj, "pap", None)

    @property
    def created_at(self):
        return getattr(self.obj, "created_at", None)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    capped: bool
    page: int
    per_page: int
    facets: dict = field(default_factory=dict)
    more: bool = False  # a visible hit beyond this page was read

    @property
    def has_next(self) -> bool:
        return self.more and self.page < MAX_PAGE


class _Row(NamedTuple):
    """One index row read as a candidate."""

    id: int
    type_id: int
    object_id: int
    created_at: datetime
    countries: str
    taxa: str


def sources_for(user, types=()) -> list[SearchSource]:
    sources = [s for s in search_sources() if not types or s.key in types]
    # Persons are searched only by those who may see personal data at all.
    return [s for s in sources if not s.personal or vetted_membership(user) is not None]


def visible_hits(user, source: SearchSource, filters: Filters):
    """The source's records the user may see, under the filters: a queryset, rule applied."""
    qs = source.visible_records(user)
    if filters.space:
        qs = qs.filter(spaces__id=filters.space)
    if source.personal:
        # A record is found by its personal data only by those who may read it (the policy's personal-data rule).
        qs = qs.filter(policy_for(source.model).personal_data_q(user))
    return qs


def _month_start(number: int) -> datetime:
    return datetime(number // 12, number % 12 + 1, 1, tzinfo=UTC)


def _chunks(entries, has_words: bool):
    """Candidate rows newest first, in chunks: yields (rows, last) where last says the index is read to its end.

    With words to match, the index is read a slice of months at a time, newest first: the GIN index answers
    "these words, in these months" (the month tokens) in one scan, so a common word costs the rows of a few
    recent months, not every row that holds it. A slice's length follows the density met so far (about CHUNK
    candidates each); slices are disjoint and, with the two open ends, cover every date. Without words, the
    date index is simply walked newest first.
    """
    if not has_words:
        yield from _read_slice(entries, last=True)
        return
    oldest = SearchEntry.objects.order_by("created_at").values_list("created_at", flat=True).first()
    if oldest is None:
        yield [], True
        return
    end = month_number(timezone.now())
    # Months ahead of the clock (a record dated ahead by a time zone, an imported date) come first, from the
    # date index: usually nothing.
    yield from _read_slice(entries.filter(created_at__gte=_month_start(end + 1)), last=False)
    span, first_month = 1, month_number(oldest)
    while True:
        start = end - span + 1
        if start <= first_month:
            yield from _read_slice(entries.filter(created_at__lt=_month_start(end + 1)), last=True)
            return
        found = 0
        for rows, _last in _read_slice(entries.filter(tokens__has_any_token=month_tokens(start, end)), by_gin=True):
            found += len(rows)
            yield rows, False
        per_month = found / span
        span = max(1, min(span * 4, int(CHUNK / per_month))) if per_month else span * 2
        end = start - 1


_COLUMNS = ("id", "content_type_id", "object_id", "created_at", "countries", "taxa")


def _read(qs, limit: int, *, by_gin: bool = False) -> list[_Row]:
    # Ordered by an expression no index provides, when the GIN index should answer: with ORDER BY created_at
    # and a LIMIT the planner may walk the date index and test every row for the words (measured 44 ms at
    # 1,000,000 rows), where the GIN index intersects the words with the months (4 ms) and only the
    # matching rows are read and sorted.
    newest = (F("created_at") + Value(timedelta(0))).desc() if by_gin else F("created_at").desc()
    rows = qs.order_by(newest, F("id").desc()).values_list(*_COLUMNS)[:limit]
    return [_Row._make(r) for r in rows]


def _read_slice(entries, *, last: bool = False, by_gin: bool = False):
    """A slice's rows newest first, CHUNK per query (keyset on created_at and id); last marks the final slice."""
    cursor = None
    while True:
        qs = entries
        if cursor is not None:
            qs = qs.filter(Q(created_at__lt=cursor[0]) | Q(created_at=cursor[0], id__lt=cursor[1]))
        rows = _read(qs, CHUNK, by_gin=by_gin)
        full = len(rows) == CHUNK
        if rows or (last and not full):
            yield rows, last and not full
        if not full:
            return
        cursor = (rows[-1].created_at, rows[-1].id)


def _batches(chunks):
    """The candidates again, in parts of CHUNK rows (the last part may be smaller): one policy query per part
    and source, however many slices of months a rare word took to gather them."""
    pending: list[_Row] = []
    for rows, last in chunks:
        pending.extend(rows)
        while len(pending) > CHUNK or (len(pending) == CHUNK and not last):
            yield pending[:CHUNK], False
            pending = pending[CHUNK:]
        if last:
            yield pending, True
            return


def _entries(filters: Filters, tokens: list[str], type_ids, keys: list[str]):
    entries = SearchEntry.objects.filter(content_type_id__in=type_ids)
    if tokens:
        # Only the matches the reader holds a key to (reader_keys): a hidden match costs one test on its row, not a
        # place in a chunk and the policy's query. Without words the date index is walked and the policy alone
        # decides, as a key test there would be made on every row of every reader's newest records.
        entries = entries.filter(tokens__has_tokens=tokens, reach__has_any_token=keys)
    if filters.country:
        entries = entries.filter(countries__contains=f"|{filters.country.upper()}|")
    if filters.taxon:
        entries = entries.filter(taxa__contains=f"|{filters.taxon}|")
    if filters.platform:
        entries = entries.filter(platforms__contains=f"|{filters.platform.lower()}|")
    if filters.since:
        entries = entries.filter(updated_at__gte=filters.since)
    return entries


class _LazyVisible(dict):
    """visible_hits() of each source, built on first use: only sources that have candidates pay for it."""

    def __init__(self, user, filters: Filters, by_type: dict):
        super().__init__()
        self.user, self.filters, self.by_type = user, filters, by_type

    def __missing__(self, type_id):
        self[type_id] = visible_hits(self.user, self.by_type[type_id], self.filters)
        return self[type_id]


def _visible_rows(visible: dict, rows: list[_Row], records: dict) -> list[_Row]:
    """The rows whose records the user may see: one query per source present in the chunk.

    visible maps a content type id to that source's visible_hits() queryset (built once per search). The same
    query reads a shared record's columns into records[(type id, pk)], so that the page's records need no
    second pass through the policy (whose subqueries cost the same for 20 rows as for 2,000).
    """
    ids_by_type: dict[int, list[int]] = {}
    for row in rows:
        ids_by_type.setdefault(row.type_id, []).append(row.object_id)
    seen = set()
    for type_id, ids in ids_by_type.items():
        qs = visible[type_id].filter(InArray(F("pk"), ids)).order_by()
        if visible.by_type[type_id].shareable:
            names = [f.attname for f in qs.model._meta.concrete_fields]
            at = names.index(qs.model._meta.pk.attname)
            for values in qs.values_list(*names):
                seen.add((type_id, values[at]))
                records[(type_id, values[at])] = (qs.db, names, values)
        else:
            seen.update((type_id, pk) for pk in qs.values_list("pk", flat=True))
    return [row for row in rows if (row.type_id, row.object_id) in seen]


def _hit(user, source: SearchSource, obj, terms) -> Hit:
    if source.shareable:
        obj = redact(user, obj)
    return Hit(source, obj, str(source.title(obj)), highlight(source.snippet(obj), terms), source.get_url(obj))


def _fetch(visible: dict, records: dict, rows: list[_Row]) -> dict:
    """The page's records: shared ones built from the columns the policy query read (with their owner
    organisations in one query), others read again through their source's rule."""
    objects, owners = {}, set()
    for row in rows:
        key = (row.type_id, row.object_id)
        if key in records:
            db, names, values = records[key]
            obj = visible[row.type_id].model.from_db(db, names, values)
            objects[key] = obj
            owners.add(obj.owner_org_id)
    organisations = Organisation.objects.in_bulk(owners)
    for obj in objects.values():
        obj.owner_org = organisations[obj.owner_org_id]
    for type_id in {row.type_id for row in rows if (row.type_id, row.object_id) not in records}:
        for obj in visible[type_id].filter(pk__in=[row.object_id for row in rows if row.type_id == type_id]):
            objects[(type_id, obj.pk)] = obj
    return objects


def search(user, filters: Filters, *, page: int = 1, per_page: int = 20, facets: bool = True) -> Results:
    """Visible hits newest first across every source the user may search; counts and facets over those read."""
    tokens = query_tokens(filters.q)
    terms = highlight_terms(filters.q)
    page = max(1, min(page, MAX_PAGE))
    wanted = page * per_page
    sources = sources_for(user, filters.types)
    if filters.since:
        # `since` lists what was shared or changed lately (notification feeds and digests): shared records only.
        sources = [s for s in sources if s.in_feeds]
    if filters.space:
        sources = [s for s in sources if s.shareable]  # only shared records are in spaces
    by_type = {ContentType.objects.get_for_model(s.model).pk: s for s in sources}
    visible = _LazyVisible(user, filters, by_type)
    hits: list[_Row] = []
    records: dict = {}
    read, complete = 0, not by_type
    if by_type:
        for part, last in _batches(_chunks(_entries(filters, tokens, list(by_type), reader_keys(user)), bool(tokens))):
            read += len(part)
            hits.extend(_visible_rows(visible, part, records))
            if last:
                complete = True
                break
            if len(hits) > wanted and (len(hits) >= COUNT_CAP or read >= EFFORT):
                break
            if read >= MAX_READ:  # the counts then say "N+": more may exist beyond what was read
                break
    counted = hits[:COUNT_CAP]
    capped = not complete or len(hits) > COUNT_CAP
    chosen = hits[(page - 1) * per_page : wanted]
    objects = _fetch(visible, records, chosen)
    page_hits = [
        _hit(user, by_type[row.type_id], objects[(row.type_id, row.object_id)], terms)
        for row in chosen
        if (row.type_id, row.object_id) in objects
    ]
    facet_data = {}
    if facets:
        type_counts = Counter(row.type_id for row in counted)
        countries, taxa = facet_counts(counted)
        taxon_names = taxon_labels(sources, list(taxa))
        facet_data = {
            "type": {
                by_type[t].key: {"label": by_type[t].verbose_name, "count": n, "capped": capped}
                for t, n in type_counts.most_common()
            },
            "country": dict(countries.most_common(30)),
            "taxon": {k: {"label": taxon_names.get(k, k), "count": n} for k, n in taxa.most_common(30)},
            # How many visible hits the counts cover, and whether more may exist beyond them.
            "counted": len(counted),
            "capped": capped,
        }
    total = len(counted) if capped else len(hits)
    return Results(page_hits, total, capped, page, per_page, facet_data, more=len(hits) > wanted)

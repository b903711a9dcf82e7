"""Search sources: the models an app offers to the portal's one search box, registered from AppConfig.ready().

The core never imports a domain app: an app says which of its fields are searched, how a hit is titled and
summarised, and where its country, taxon and platform facets live. Who may see a hit is decided at query time
by the source's own rule: the model's policy (visible_to) for a shareable record, or the app's selector for a
directory that is not a shared record (the SPOC contacts). The index keeps only who *might* see a record (the
policy's reach keys), so that a search does not read as candidates the matches its reader holds no key to.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models

from portal.access.policies import ANY_READER
from portal.access.registry import policy_for

_sources: dict[str, "SearchSource"] = {}


def _getter(spec: str | Callable) -> Callable:
    return spec if callable(spec) else (lambda obj: getattr(obj, spec, ""))


@dataclass(frozen=True)
class SearchSource:
    """One searchable model: its indexed fields, how a hit is shown, its facet fields, and who may see it."""

    model: type[models.Model]
    fields: tuple[str, ...]
    title: Callable
    snippet: Callable
    # A field name, or a callable giving the record's values (e.g. the country of a contact's organisation).
    country_field: str | Callable | None = None
    taxon_field: str | Callable | None = None
    platform_field: str | Callable | None = None
    # A source made of personal data (persons): searched only by viewers who may see personal data.
    personal: bool = False
    # For a model that is not a shareable record: visible(user) -> the queryset the user may see (the app's own
    # selector, the same one its pages use). None means the policy: model.objects.visible_to(user).
    visible: Callable | None = None
    # The indexed text when it is not the model's own fields (e.g. a contact's name lives on the user).
    text: Callable | None = None
    url: Callable | None = None
    # Records the index leaves out entirely (e.g. members who are no contact point); None indexes every record.
    indexed_if: Callable | None = None
    # Other models whose saves change this source's text: (model, instance -> records of this source to reindex,
    # the fields of that model that matter or None for all).
    depends_on: tuple = field(default=())
    # Listed in notification feeds and digests (searches with `since`), which are about shared records only.
    in_feeds: bool = True
    # (singular, plural) names of a hit's type when the model's own would mislead ("contact", not "membership").
    names: tuple | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name(self) -> str:
        return str(self.names[1] if self.names else self.model._meta.verbose_name_plural)

    @property
    def type_label(self) -> str:
        return str(self.names[0] if self.names else self.model._meta.verbose_name)

    @property
    def shareable(self) -> bool:
        return self.visible is None

    def reach_keys(self, objs) -> dict[int, set[str]]:
        """Who might see each record, as search keys (the policy's); a source with a rule of its own: anyone."""
        if self.shareable:
            return policy_for(self.model).reach_keys(objs)
        return {obj.pk: {ANY_READER} for obj in objs}

    def visible_records(self, user):
        return self.model.objects.visible_to(user) if self.visible is None else self.visible(user)

    def get_url(self, obj) -> str:
        return self.url(obj) if self.url is not None else obj.get_absolute_url()

    def indexed_text(self, obj) -> str:
        if self.text is not None:
            return text_of(self.text(obj))
        return " ".join(text_of(getattr(obj, name, "")) for name in self.fields)


def register_search_source(
    model,
    *,
    fields: tuple[str, ...] = (),
    title: str | Callable = "title",
    snippet: str | Callable = "body",
    country_field: str | Callable | None = None,
    taxon_field: str | Callable | None = None,
    platform_field: str | Callable | None = None,
    personal: bool = False,
    visible: Callable | None = None,
    text: Callable | None = None,
    url: Callable | None = None,
    indexed_if: Callable | None = None,
    depends_on: Iterable[tuple] = (),
    in_feeds: bool | None = None,
    names: tuple | None = None,
) -> None:
    """Offer model to the search box. Personal fields may be indexed only by a source marked personal.

    A model that is not a shareable record must say who sees it: visible(user) returns the records the user
    may see, from the same selector that its own pages use (never a rule written again for search). Only
    shared records are listed in notification feeds (in_feeds defaults to that). text= builds the indexed text
    in code that cannot be checked for personal fields, so a shared record may use it only as a personal source.
    """
    leaking = set(fields) & set(getattr(model, "personal_fields", ()))
    if leaking and not personal:
        raise ValueError(
            f"{model._meta.label}: {', '.join(sorted(leaking))} hold personal data; index them only in a "
            "source registered with personal=True"
        )
    if visible is None and not hasattr(model.objects, "visible_to"):
        raise ValueError(f"{model._meta.label} has no access policy: register it with visible=<the app's selector>")
    if not fields and text is None:
        raise ValueError(f"{model._meta.label}: give the fields to index, or text=")
    if text is not None and visible is None and not personal and getattr(model, "personal_fields", ()):
        raise ValueError(
            f"{model._meta.label} holds personal data: name the indexed fields (they are checked), or register "
            "text= with personal=True"
        )
    if in_feeds is None:
        in_feeds = visible is None
    elif in_feeds and visible is not None:
        raise ValueError(f"{model._meta.label} is not a shared record (no TLP, no marking): it cannot be in feeds")
    source = SearchSource(
        model,
        tuple(fields),
        _getter(title),
        _getter(snippet),
        country_field,
        taxon_field,
        platform_field,
        personal,
        visible,
        text,
        url,
        indexed_if,
        tuple(depends_on),
        in_feeds,
        names,
    )
    _sources[source.key] = source


def search_sources() -> list[SearchSource]:
    return list(_sources.values())


def search_source(key: str) -> SearchSource | None:
    return _sources.get(key)


def source_for_model(model) -> SearchSource | None:
    return _sources.get(model._meta.label_lower)


def dependants_on(model) -> list[tuple[Callable, tuple[str, ...] | None]]:
    """(records_of, fields) of every source whose indexed text reads this model's rows (its depends_on)."""
    return [
        (records_of, fields[0] if fields else None)
        for source in _sources.values()
        for other, records_of, *fields in source.depends_on
        if other is model
    ]


def text_of(value) -> str:
    """A field's value as indexed text: lists, sets, dicts and other iterables joined by spaces."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ".join(text_of(v) for v in value.values())
    if isinstance(value, list | tuple | set):
        return " ".join(text_of(v) for v in value)
    if not isinstance(value, str) and hasattr(value, "__iter__"):
        return " ".join(text_of(v) for v in value)
    return str(value)

"""Search sources: the models an app offers to the portal's one search box, registered from AppConfig.ready().

The core never imports a domain app: an app says which of its fields are searched, how a hit is titled and
summarised, and where its country, taxon and platform facets live. Who may see a hit is never stored here;
each search asks the model's policy (visible_to) at query time.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

_sources: dict[str, "SearchSource"] = {}


def _getter(spec: str | Callable) -> Callable:
    return spec if callable(spec) else (lambda obj: getattr(obj, spec, ""))


@dataclass(frozen=True)
class SearchSource:
    """One searchable model: its indexed fields, how a hit is shown, and its facet fields."""

    model: type[models.Model]
    fields: tuple[str, ...]
    title: Callable
    snippet: Callable
    country_field: str | None = None
    taxon_field: str | None = None
    platform_field: str | None = None
    # A source made of personal data (persons): searched only by viewers who may see personal data.
    personal: bool = False

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name_plural)


def register_search_source(
    model,
    *,
    fields: tuple[str, ...],
    title: str | Callable = "title",
    snippet: str | Callable = "body",
    country_field: str | None = None,
    taxon_field: str | None = None,
    platform_field: str | None = None,
    personal: bool = False,
) -> None:
    """Offer model to the search box. Personal fields may be indexed only by a source marked personal."""
    leaking = set(fields) & set(getattr(model, "personal_fields", ()))
    if leaking and not personal:
        raise ValueError(
            f"{model._meta.label}: {', '.join(sorted(leaking))} hold personal data; index them only in a "
            "source registered with personal=True"
        )
    source = SearchSource(
        model,
        tuple(fields),
        _getter(title),
        _getter(snippet),
        country_field,
        taxon_field,
        platform_field,
        personal,
    )
    _sources[source.key] = source
    from portal.search.indexing import connect_signals

    connect_signals(model)
    if not personal:
        _register_sweep_paths(model)


# The sweep's markers look like SWEEP-<model>-<key>-7f3a: "7f3a" is one index token of every one of them.
SWEEP_QUERY = "7f3a"


def _register_sweep_paths(model) -> None:
    """The search page, the search API and the notifications feed list records of every source.

    A personal source is left out: its hits depend on the viewer's sector too, which the sweep's oracle
    does not model; tests/search covers it.
    """
    from portal.access.registry import SweepPath, register_paths

    register_paths(
        SweepPath("search:results", model, "list", query={"q": SWEEP_QUERY}),
        SweepPath("api:search", model, "list", query={"q": SWEEP_QUERY}),
        SweepPath("notifications:list", model, "list", query={"view": "all"}),
    )


def search_sources() -> list[SearchSource]:
    return list(_sources.values())


def search_source(key: str) -> SearchSource | None:
    return _sources.get(key)


def source_for_model(model) -> SearchSource | None:
    return _sources.get(model._meta.label_lower)

"""What the core knows about the apps: their shareable models and the paths that serve them.

Apps register here from their AppConfig.ready(), the way models register with Django's admin, so the
core never imports a domain app and the access sweep can find every path that serves a record.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

_shareables: dict[str, "ShareableEntry"] = {}
_paths: list["SweepPath"] = []
_exempt: dict[str, str] = {}


@dataclass(frozen=True)
class ShareableEntry:
    model: type[models.Model]
    user_grants: type[models.Model]
    group_grants: type[models.Model]
    # The record this one belongs to (a case for an advert): a child is never more visible than its parent.
    parent_field: str | None = None
    # A model's own narrowing of who_can_view, mirroring what its queryset's visible_to adds (e.g. code words
    # that platforms receive only when releasable): audience(record, users) -> users.
    audience: Callable[[Any, Any], Any] | None = None
    # Sectors whose members never see records of this model, whatever the marking or grants (volunteer reports
    # never reach platforms). Such records are never public either: an anonymous reader could be anyone.
    closed_to: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SweepPath:
    """One URL that serves records of a shareable model, for the access sweep.

    kind is "list" (the body names each visible record and no hidden one) or "detail" (200 when
    visible, 404 otherwise). url_kwargs builds the URL arguments from a record; marker gives the text
    that names a record in a response; query adds GET parameters; staff_only marks admin paths.
    """

    url_name: str
    model: type[models.Model]
    kind: str
    url_kwargs: Callable[[Any], dict] | None = None
    marker: Callable[[Any], str] = field(default=lambda obj: obj.sweep_marker())
    query: dict | None = None
    staff_only: bool = False
    method: str = "get"


def register_shareable(
    model, *, user_grants, group_grants, parent_field: str | None = None, audience=None, closed_to=()
) -> None:
    _shareables[model._meta.label] = ShareableEntry(
        model, user_grants, group_grants, parent_field, audience, frozenset(closed_to)
    )


def shareable_entry(model) -> ShareableEntry:
    try:
        return _shareables[model._meta.label]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not registered with the access policy") from None


def child_entries(model) -> list[ShareableEntry]:
    """The registered records that belong to a record of this model (a case's adverts, seizures, ...)."""
    return [
        entry
        for entry in _shareables.values()
        if entry.parent_field and entry.model._meta.get_field(entry.parent_field).related_model is model
    ]


def shareable_models() -> list[type[models.Model]]:
    return [entry.model for entry in _shareables.values()]


def register_paths(*paths: SweepPath) -> None:
    _paths.extend(paths)


def sweep_paths() -> list[SweepPath]:
    return list(_paths)


def exempt_urls(reason: str, *url_names: str) -> None:
    """Declare URL names that serve no shareable record, with the reason, so the sweep can tell."""
    for name in url_names:
        _exempt[name] = reason


def exempt_url_names() -> dict[str, str]:
    return dict(_exempt)

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
    # The model's policy object (portal.access.policies.SharePolicy or a subclass): every rule about it.
    policy: Any = None

    @property
    def closed_to(self) -> frozenset[str]:
        return self.policy.closed_to


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


def register_shareable(model, *, user_grants, group_grants, parent_field: str | None = None, policy=None) -> None:
    """Register a shared model with its grant tables and its policy class (the base rule if none is named; a
    child record's rule when it has a parent)."""
    from portal.access.policies import ChildPolicy, SharePolicy

    policy = policy or (ChildPolicy if parent_field else SharePolicy)
    if parent_field and not issubclass(policy, ChildPolicy):
        raise TypeError(f"{model._meta.label} has a parent: its policy must subclass ChildPolicy")
    entry = ShareableEntry(model, user_grants, group_grants, parent_field)
    object.__setattr__(entry, "policy", policy(entry))
    _shareables[model._meta.label] = entry


def shareable_entry(model) -> ShareableEntry:
    try:
        return _shareables[model._meta.label]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not registered with the access policy") from None


def policy_for(model):
    """The policy object of a registered shared model."""
    return shareable_entry(model).policy


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

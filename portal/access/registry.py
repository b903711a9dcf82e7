"""What the core knows about the apps: their shareable models, with their grant tables and policy objects.

Apps register here from their AppConfig.ready(), the way models register with Django's admin, so the core
never imports a domain app. (The paths the access sweep walks are test scaffolding: tests/access/paths.py.)
"""

from dataclasses import dataclass
from typing import Any

from django.db import models

_shareables: dict[str, "ShareableEntry"] = {}
_grant_models: set[type[models.Model]] = set()


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


def register_shareable(model, *, user_grants, group_grants, parent_field: str | None = None, policy=None) -> None:
    """Register a shared model with its grant tables and its policy class (the base rule if none is named; a
    child record's rule when it has a parent)."""
    from portal.access.policies import ChildPolicy, SharePolicy  # policies import this module

    policy = policy or (ChildPolicy if parent_field else SharePolicy)
    if parent_field and not issubclass(policy, ChildPolicy):
        raise TypeError(f"{model._meta.label} has a parent: its policy must subclass ChildPolicy")
    entry = ShareableEntry(model, user_grants, group_grants, parent_field)
    object.__setattr__(entry, "policy", policy(entry))
    _shareables[model._meta.label] = entry
    _grant_models.update((user_grants, group_grants))


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


def is_grant_model(model) -> bool:
    """A model of per-record grants of a registered shared model (guardian's direct foreign key tables)."""
    return model in _grant_models


def shareable_models() -> list[type[models.Model]]:
    return [entry.model for entry in _shareables.values()]

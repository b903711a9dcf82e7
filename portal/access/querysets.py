"""The default manager of every shared record: a queryset that answers nothing until visible_to(user) applied the
model's policy. Writes and internals use the model's `bypass_policy` manager (portal.access.models.Shareable)."""

from django.conf import settings
from django.db import models

from portal.access.registry import policy_for


class PolicyNotApplied(RuntimeError):
    """A policy queryset was evaluated without visible_to(user): a bug, loud in tests and with DEBUG on."""


class PolicyQuerySet(models.QuerySet):
    """A queryset that returns nothing until the policy has been applied with visible_to(user)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._policy_applied = False

    def _clone(self):
        clone = super()._clone()
        clone._policy_applied = self._policy_applied
        return clone

    def visible_to(self, user) -> "PolicyQuerySet":
        clone = self._chain().filter(policy_for(self.model).visible_q(user))
        clone._policy_applied = True
        return clone

    # A query that forgets the user answers as if there were no records at all.
    def _fetch_all(self):
        if not self._policy_applied and self._result_cache is None:
            # A related manager's read (case.code_words.all(), a form's initial of a many-to-many) is the documented
            # safe default (docs/ACCESS.md) and stays empty; a direct read that forgot the user is a bug.
            if settings.ACCESS_STRICT and not self.query.is_empty() and "instance" not in self._hints:
                raise PolicyNotApplied(f"{self.model._meta.label} read without visible_to(user)")
            self._result_cache = []
            self._prefetch_done = True
        super()._fetch_all()

    def count(self):
        return super().count() if self._policy_applied else 0

    def exists(self):
        return super().exists() if self._policy_applied else False

    def aggregate(self, *args, **kwargs):
        return super().aggregate(*args, **kwargs) if self._policy_applied else self.none().aggregate(*args, **kwargs)

    def iterator(self, chunk_size=None):
        return super().iterator(chunk_size) if self._policy_applied else iter(())

    def update(self, **kwargs):
        return super().update(**kwargs) if self._policy_applied else 0

    def delete(self):
        return super().delete() if self._policy_applied else (0, {})


class PolicyManager(models.Manager.from_queryset(PolicyQuerySet)):
    """Default manager of shareable models; writes and internals use the model's `bypass_policy` manager."""

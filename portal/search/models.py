"""The search index: one row of tokens and facet values per searchable record, and nothing about who sees it."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Lookup


class TokenField(models.TextField):
    """Space-separated index tokens, padded with a space at both ends (" xy 象牙 ")."""


@TokenField.register_lookup
class HasTokens(Lookup):
    """The field holds every token of the list.

    PostgreSQL: array containment on string_to_array(tokens, ' '), which the GIN index of migration 0002
    answers (the expression must stay exactly as indexed). Elsewhere: one LIKE per padded token.
    """

    lookup_name = "has_tokens"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [str(t) for t in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        tokens = list(self.rhs)
        if not tokens:
            return "1 = 1", []
        clauses, params = [], []
        for token in tokens:
            clauses.append(f"{lhs} LIKE %s")
            params.extend([*lhs_params, f"% {token} %"])
        return "(" + " AND ".join(clauses) + ")", params

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        tokens = list(self.rhs)
        if not tokens:
            return "1 = 1", []
        return f"string_to_array({lhs}, ' ') @> %s::text[]", [*lhs_params, tokens]


class SearchEntry(models.Model):
    """The tokens and facet values of one searchable record; visibility is always asked of the record's policy."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    tokens = TokenField()
    # Facet values between bars ("|KE|TZ|"), so that a contains-filter matches whole values.
    countries = models.CharField(max_length=400, blank=True, default="")
    taxa = models.CharField(max_length=1000, blank=True, default="")
    platforms = models.CharField(max_length=1000, blank=True, default="")
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique")]
        indexes = [models.Index(fields=["content_type", "-updated_at"], name="search_entry_recent")]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"

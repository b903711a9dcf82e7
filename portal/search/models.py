"""The search index: one row of tokens and facet values per searchable record, and the keys of who might see it."""

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


@TokenField.register_lookup
class HasAnyToken(HasTokens):
    """The field holds at least one token of the list (PostgreSQL: array overlap, answered by the same GIN index)."""

    lookup_name = "has_any_token"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        tokens = list(self.rhs)
        if not tokens:
            return "1 = 0", []
        clauses, params = [], []
        for token in tokens:
            clauses.append(f"{lhs} LIKE %s")
            params.extend([*lhs_params, f"% {token} %"])
        return "(" + " OR ".join(clauses) + ")", params

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        tokens = list(self.rhs)
        if not tokens:
            return "1 = 0", []
        return f"string_to_array({lhs}, ' ') && %s::text[]", [*lhs_params, tokens]


class InArray(Lookup):
    """lhs is one of a list of ids, on PostgreSQL as one array parameter evaluated at run time.

    Used directly (InArray(F("pk"), ids)), not registered on any field. A list of thousands of literals costs
    more to plan (an estimate per element) and to bind than to run, and `IN (SELECT unnest(...))` is planned
    as a hash join over the whole table; `= ANY(<init plan>)` is one index look-up per id.
    """

    lookup_name = "search_in_array"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = list(self.rhs)
        if not ids:
            return "1 = 0", []
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*lhs_params, *ids]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY(SELECT unnest(%s::bigint[])))", [*lhs_params, list(self.rhs)]


class SearchEntry(models.Model):
    """The tokens and facet values of one searchable record; visibility is always asked of the record's policy.

    `reach` holds who might see the record (its policy's reach keys): a search for words tests it on each row the
    words' index scan found, so that a match hidden from the reader costs one short test, not a place among the
    candidates and the policy's query. A separate short column, not more tokens: "~com" is on most rows, and
    testing it inside the GIN scan or on the long token list cost more than it saved (measured).
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    tokens = TokenField()
    # Who might see the record, e.g. " ~com ~o12 ~s3 "; " ~any " for a record its source's own rule decides.
    reach = TokenField(default=" ~any ")
    # Facet values between bars ("|KE|TZ|"), so that a contains-filter matches whole values.
    countries = models.CharField(max_length=400, blank=True, default="")
    taxa = models.CharField(max_length=1000, blank=True, default="")
    platforms = models.CharField(max_length=1000, blank=True, default="")
    # The record's creation date, its sort key: hits are read newest first from the index, a slice at a time.
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_unique")]
        indexes = [
            models.Index(fields=["content_type", "-updated_at"], name="search_entry_recent"),
            models.Index(fields=["-created_at", "-id"], name="search_entry_newest"),
        ]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}"

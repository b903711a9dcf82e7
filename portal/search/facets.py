"""The search's facets: countries and taxa counted over the index rows read, and the names of taxon values."""

from collections import Counter

from portal.search.registry import search_sources


def facet_counts(rows) -> tuple[Counter, Counter]:
    """Countries and taxa of the index rows read (their facet columns, values between bars)."""
    countries, taxa = Counter(), Counter()
    for row in rows:
        countries.update(v for v in row.countries.split("|") if v)
        taxa.update(v for v in row.taxa.split("|") if v)
    return countries, taxa


def taxon_models() -> list:
    """The models behind the sources' taxon facets, where the facet holds a foreign key."""
    found = []
    for source in search_sources():
        if isinstance(source.taxon_field, str):
            field_ = source.model._meta.get_field(source.taxon_field)
            if field_.many_to_one and field_.related_model not in found:
                found.append(field_.related_model)
    return found


def taxon_facet_value(text: str) -> str | None:
    """The taxon facet's key for a taxon named by its id or by a unique name in any case ("manis javanica")."""
    text = text.strip()
    for model in taxon_models():
        if text.isascii() and text.isdigit():
            if model._default_manager.filter(pk=text).exists():
                return text
            continue
        for field_ in model._meta.fields:
            if field_.unique and not field_.primary_key and field_.get_internal_type() == "CharField":
                pk = model._default_manager.filter(**{f"{field_.name}__iexact": text}).values_list("pk", flat=True)
                if pk:
                    return str(pk[0])
    return None


def taxon_label(value: str) -> str:
    return taxon_labels(search_sources(), [value])[value]


def taxon_labels(sources, keys) -> dict[str, str]:
    """Names of taxon facet values that are foreign keys; other values name themselves."""
    labels = {k: k for k in keys}
    for source in sources:
        if not isinstance(source.taxon_field, str):
            continue
        field_ = source.model._meta.get_field(source.taxon_field)
        if field_.many_to_one:
            ids = [k for k in keys if (k.isascii() and k.isdigit())]
            for obj in field_.related_model._default_manager.filter(pk__in=ids):
                labels[str(obj.pk)] = str(obj)
    return labels

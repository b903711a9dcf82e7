"""Keeping the index in step with the records: signals for single saves, reindex() for everything."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from portal.search.registry import dependants_on, source_for_model
from portal.search.tokens import index_tokens, month_token


def _facet(obj, spec, *, by_name: bool = False) -> str:
    """Facet values between bars; a foreign key gives its id (its name if by_name), a country its code, a list
    each item; a callable spec gives the values itself."""
    if not spec:
        return ""
    if callable(spec):
        value = spec(obj)
    else:
        field = obj._meta.get_field(spec)
        value = getattr(obj, field.attname if field.many_to_one and not by_name else spec, None)
    # A multiple CountryField gives an iterable descriptor, not a list.
    values = [value] if isinstance(value, str | int) or not hasattr(value, "__iter__") else list(value)
    codes = [str(getattr(v, "code", v)).strip() for v in values if v not in (None, "")]
    codes = [c.replace("|", "/") for c in codes if c]
    return f"|{'|'.join(codes)}|" if codes else ""


def entry_values(source, obj) -> dict:
    now = timezone.now()
    created = getattr(obj, "created_at", None) or now
    tokens = index_tokens(source.indexed_text(obj)) | {month_token(created)}
    return {
        "tokens": " " + " ".join(sorted(tokens)) + " ",
        "countries": _facet(obj, source.country_field)[:400],
        "taxa": _facet(obj, source.taxon_field)[:1000],
        # Platforms by name, so that following "platform: <name>" matches adverts and code words alike.
        "platforms": _facet(obj, source.platform_field, by_name=True).lower()[:1000],
        # The record's own date: hits are listed newest first by it, read from the index alone.
        "created_at": created,
        "updated_at": now,
    }


def _indexed(source, obj) -> bool:
    return source.indexed_if is None or bool(source.indexed_if(obj))


def index_object(obj) -> None:
    from portal.search.models import SearchEntry

    source = source_for_model(type(obj))
    if source is None or obj.pk is None:
        return
    if not _indexed(source, obj):
        unindex_object(obj)
        return
    SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, defaults=entry_values(source, obj)
    )


def index_objects(objs) -> int:
    """index_object for many records of one model at once, for writes that send no post_save (bulk_create).

    Returns the number of index rows written."""
    from portal.search.models import SearchEntry

    objs = [obj for obj in objs if obj.pk is not None]
    source = source_for_model(type(objs[0])) if objs else None
    if source is None:
        return 0
    content_type = ContentType.objects.get_for_model(source.model)
    SearchEntry.objects.filter(content_type=content_type, object_id__in=[obj.pk for obj in objs]).delete()
    entries = [
        SearchEntry(content_type=content_type, object_id=obj.pk, **entry_values(source, obj))
        for obj in objs
        if _indexed(source, obj)
    ]
    SearchEntry.objects.bulk_create(entries)
    return len(entries)


def unindex_object(obj) -> None:
    from portal.search.models import SearchEntry

    SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk).delete()


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if source_for_model(sender) is not None:
        index_object(instance)
    _reindex_dependants(sender, instance, update_fields)


def _on_delete(sender, instance, **kwargs):
    if source_for_model(sender) is not None:
        unindex_object(instance)
    _reindex_dependants(sender, instance, None)


def _reindex_dependants(sender, instance, update_fields) -> None:
    """The records whose indexed text holds this one's (a contact's name in the SPOC entry, say)."""
    for records_of, fields in dependants_on(sender):
        if fields and update_fields and not set(update_fields) & set(fields):
            continue  # e.g. a login's last_login: nothing the index holds
        for record in records_of(instance) or ():
            if record is not None and record.pk is not None:
                index_object(record)


def connect_signals() -> None:
    """Called once by the search app when it is ready: one receiver for every model, which looks the sender up in
    the registry, so a source registered by any app (before or after this) is kept in step."""
    post_save.connect(_on_save, dispatch_uid="portal.search:save")
    post_delete.connect(_on_delete, dispatch_uid="portal.search:delete")


def reindex(sources=None, *, batch_size: int = 2000) -> dict[str, int]:
    """Rebuild the index of every source (or the given ones) from the records; returns rows per source."""
    from portal.search.models import SearchEntry
    from portal.search.registry import search_sources

    counts = {}
    for source in sources or search_sources():
        content_type = ContentType.objects.get_for_model(source.model)
        SearchEntry.objects.filter(content_type=content_type).delete()
        manager = source.model._base_manager  # indexing is internal: every record, whoever will look
        batch, n = [], 0
        for obj in manager.order_by("pk").iterator(chunk_size=batch_size):
            if not _indexed(source, obj):
                continue
            batch.append(SearchEntry(content_type=content_type, object_id=obj.pk, **entry_values(source, obj)))
            if len(batch) >= batch_size:
                SearchEntry.objects.bulk_create(batch)
                n += len(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        counts[source.key] = n + len(batch)
    return counts

"""Keeping the index in step with the records: signals for single saves, reindex() for everything."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from portal.access.registry import is_grant_model, policy_for
from portal.search.models import SearchEntry
from portal.search.registry import dependants_on, search_sources, source_for_model
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


def entry_values(source, obj, reach: set[str]) -> dict:
    """An index row's values; reach holds who might see the record (source.reach_keys)."""
    now = timezone.now()
    created = getattr(obj, "created_at", None) or now
    tokens = index_tokens(source.indexed_text(obj)) | {month_token(created)}
    return {
        "tokens": " " + " ".join(sorted(tokens)) + " ",
        "reach": " " + " ".join(sorted(reach)) + " ",
        "countries": _facet(obj, source.country_field)[:400],
        "taxa": _facet(obj, source.taxon_field)[:1000],
        # Platforms by name, so that following "platform: <name>" matches adverts and code words alike.
        "platforms": _facet(obj, source.platform_field, by_name=True).lower()[:1000],
        # The record's own date: hits are listed newest first by it, read from the index alone.
        "created_at": created,
        "updated_at": now,
    }


def _entries(source, content_type, objs) -> list:
    """Index rows of records of one source, the reach keys of all of them read at once."""
    objs = [obj for obj in objs if _indexed(source, obj)]
    reach = source.reach_keys(objs)
    return [
        SearchEntry(content_type=content_type, object_id=obj.pk, **entry_values(source, obj, reach[obj.pk]))
        for obj in objs
    ]


def _indexed(source, obj) -> bool:
    return source.indexed_if is None or bool(source.indexed_if(obj))


def index_object(obj) -> None:
    source = source_for_model(type(obj))
    if source is None or obj.pk is None:
        return
    if not _indexed(source, obj):
        unindex_object(obj)
        return
    values = entry_values(source, obj, source.reach_keys([obj])[obj.pk])
    SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, defaults=values
    )


def index_objects(objs) -> int:
    """index_object for many records of one model at once, for writes that send no post_save (bulk_create).

    Returns the number of index rows written."""
    objs = [obj for obj in objs if obj.pk is not None]
    source = source_for_model(type(objs[0])) if objs else None
    if source is None:
        return 0
    content_type = ContentType.objects.get_for_model(source.model)
    SearchEntry.objects.filter(content_type=content_type, object_id__in=[obj.pk for obj in objs]).delete()
    return len(SearchEntry.objects.bulk_create(_entries(source, content_type, objs)))


def unindex_object(obj) -> None:
    SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk).delete()


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if source_for_model(sender) is not None:
        index_object(instance)
    _reindex_dependants(sender, instance, update_fields)
    if is_grant_model(sender):
        _add_granted_key(sender, instance)


def _on_delete(sender, instance, **kwargs):
    if source_for_model(sender) is not None:
        unindex_object(instance)
    _reindex_dependants(sender, instance, None)
    if is_grant_model(sender):
        model = sender.content_object.field.related_model
        for obj in model._base_manager.filter(pk=instance.content_object_id):
            index_object(obj)  # the grant's key may still be given by another grant: all keys read again


def _add_granted_key(sender, grant) -> None:
    """A grant given: its key joins the record's keys in the index, in one statement (a case shared with its
    2,000 records writes 2,000 grants)."""
    model = sender.content_object.field.related_model
    key = policy_for(model).grant_key(grant)
    if key and source_for_model(model) is not None:
        entry = SearchEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=grant.content_object_id
        )
        entry.exclude(reach__contains=f" {key} ").update(reach=Concat(F("reach"), Value(f"{key} ")))


def _on_spaces_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A record put in or taken out of spaces: its reach keys (only the `spaces` of shared records count)."""
    record_model = model if reverse else type(instance)
    spaces = getattr(record_model, "spaces", None)
    if action not in ("post_add", "post_remove", "post_clear") or source_for_model(record_model) is None:
        return
    if spaces is not None and spaces.through is sender:
        index_objects(list(record_model._base_manager.filter(pk__in=pk_set or ())) if reverse else [instance])


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
    m2m_changed.connect(_on_spaces_changed, dispatch_uid="portal.search:spaces")


def reindex(sources=None, *, batch_size: int = 2000) -> dict[str, int]:
    """Rebuild the index of every source (or the given ones) from the records; returns rows per source."""
    counts = {}
    for source in sources or search_sources():
        content_type = ContentType.objects.get_for_model(source.model)
        SearchEntry.objects.filter(content_type=content_type).delete()
        manager = source.model._base_manager  # indexing is internal: every record, whoever will look
        batch, n = [], 0
        for obj in manager.order_by("pk").iterator(chunk_size=batch_size):
            batch.append(obj)
            if len(batch) >= batch_size:
                n += len(SearchEntry.objects.bulk_create(_entries(source, content_type, batch)))
                batch = []
        n += len(SearchEntry.objects.bulk_create(_entries(source, content_type, batch)))
        counts[source.key] = n
    return counts

"""A URL that serves data must be in the access sweep or declared as serving no shared record."""

from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from portal.access.admin import site
from portal.access.registry import shareable_models
from tests.access.paths import exempt_url_names, sweep_paths


def _names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            yield from _names(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>"


def _superuser_only_admin_names():
    """Admin pages of models that are not shareable, checked to refuse a staff user who is not a superuser."""
    request = RequestFactory().get("/")
    request.user = type(
        "Staff", (), {"is_active": True, "is_staff": True, "is_superuser": False, "is_authenticated": True}
    )()
    names = set()
    for model, model_admin in site._registry.items():
        if model in shareable_models():
            continue
        assert not model_admin.has_view_permission(request), f"{model._meta.label} admin is open to plain staff"
        assert not model_admin.has_module_permission(request)
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        names |= {prefix + suffix for suffix in ("changelist", "add", "history", "delete", "change")}
    return names


def test_every_url_is_swept_or_exempt():
    swept = {p.url_name for p in sweep_paths()}
    exempt = set(exempt_url_names()) | _superuser_only_admin_names()
    unknown = sorted(name for name in set(_names(get_resolver().url_patterns)) if name not in swept | exempt)
    assert unknown == [], f"URLs neither in the access sweep nor exempt: {unknown}"


def test_view_on_site_is_not_served():
    assert "admin:view_on_site" not in set(_names(get_resolver().url_patterns))

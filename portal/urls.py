"""Top-level URLs: pages per app, the API under /api/v1/, the admin."""

from importlib import import_module

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from portal.access.admin import site as admin_site
from portal.orgs.views import PortalLoginView
from portal.search.views import SearchAPIView

# Each app owns its API router (<app>/api/urls.py); the API root lists them all. Named here as INSTALLED_APPS
# names apps: the core composes the domain apps without importing them (the import contracts in pyproject.toml).
API_APPS = ("portal.bulletins", "lexicon", "cases", "portal.library", "referrals", "interchange")
router = DefaultRouter()
for app in API_APPS:
    router.registry.extend(import_module(f"{app}.api.urls").router.registry)

api_patterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("search/", SearchAPIView.as_view(), name="search"),
]

urlpatterns = [
    path("", include("portal.dashboard.urls")),
    path("accounts/login/", PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("portal.accounts.urls")),
    path("audit/", include("portal.audit.urls")),
    path("bulletins/", include("portal.bulletins.urls")),
    path("lexicon/", include("lexicon.urls")),
    path("cases/", include("cases.urls")),
    path("referrals/", include("referrals.urls")),
    path("", include("portal.access.urls")),
    path("library/requests/", include("portal.assistance.urls")),
    path("library/", include("portal.library.urls")),
    path("", include("reports.urls")),  # /reports/..., and /referrals/metrics/ (reports/urls.py)
    path("interchange/", include("interchange.urls")),
    path("search/", include("portal.search.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("", include("portal.orgs.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    # The admin's own log-in page would skip two-factor: it sends people to the portal's log-in instead.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin-login"),
    path("admin/", admin_site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

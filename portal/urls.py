"""Top-level URLs: pages per app, the API under /api/v1/, the admin."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from cases.api.views import (
    AdvertViewSet,
    CaseViewSet,
    EvidenceViewSet,
    PersonViewSet,
    PlatformViewSet,
    ProsecutionViewSet,
    SeizureViewSet,
)
from lexicon.api.views import CodeWordViewSet, ScanViewSet, TaxonViewSet
from portal.access.admin import site as admin_site
from portal.bulletins.api.views import BulletinViewSet
from portal.library.api.views import DocumentViewSet, LegislationEntryViewSet
from portal.orgs.views import PortalLoginView
from portal.search.views import SearchAPIView
from referrals.api.views import ReferralQueueViewSet, ReferralViewSet

router = DefaultRouter()
router.register("bulletins", BulletinViewSet, basename="bulletin")
router.register("codewords", CodeWordViewSet, basename="codeword")
router.register("taxa", TaxonViewSet, basename="taxon")
router.register("lexicon/scan", ScanViewSet, basename="lexicon-scan")
router.register("cases", CaseViewSet, basename="case")
router.register("case-adverts", AdvertViewSet, basename="case-advert")
router.register("case-seizures", SeizureViewSet, basename="case-seizure")
router.register("case-persons", PersonViewSet, basename="case-person")
router.register("case-prosecutions", ProsecutionViewSet, basename="case-prosecution")
router.register("case-evidence", EvidenceViewSet, basename="case-evidence")
router.register("platforms", PlatformViewSet, basename="platform")
router.register("documents", DocumentViewSet, basename="document")
router.register("legislation", LegislationEntryViewSet, basename="legislationentry")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("referral-queue", ReferralQueueViewSet, basename="referral-queue")

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
    path("library/", include("portal.library.urls")),
    path("reports/", include("reports.urls")),
    path("search/", include("portal.search.urls")),
    path("notifications/", include("portal.notifications.urls")),
    path("", include("portal.orgs.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    # The admin's own log-in page would skip two-factor: it sends people to the portal's log-in instead.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin-login"),
    path("admin/", admin_site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

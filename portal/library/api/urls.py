"""This app's API routes, under /api/v1/: portal/urls.py joins every app's router into the API root."""

from rest_framework.routers import SimpleRouter

from portal.library.api.views import DocumentViewSet, LegislationEntryViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("legislation", LegislationEntryViewSet, basename="legislationentry")

urlpatterns = router.urls

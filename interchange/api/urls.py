"""This app's API routes, under /api/v1/: portal/urls.py joins every app's router into the API root."""

from rest_framework.routers import SimpleRouter

from interchange.api.views import CaseStixViewSet, CodeWordStixViewSet, DocumentStixViewSet

router = SimpleRouter()
router.register("stix/cases", CaseStixViewSet, basename="stix-case")
router.register("stix/codewords", CodeWordStixViewSet, basename="stix-codeword")
router.register("stix/documents", DocumentStixViewSet, basename="stix-document")

urlpatterns = router.urls

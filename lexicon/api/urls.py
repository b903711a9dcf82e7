"""This app's API routes, under /api/v1/: portal/urls.py joins every app's router into the API root."""

from rest_framework.routers import SimpleRouter

from lexicon.api.views import CodeWordViewSet, ScanViewSet, TaxonViewSet

router = SimpleRouter()
router.register("codewords", CodeWordViewSet, basename="codeword")
router.register("taxa", TaxonViewSet, basename="taxon")
router.register("lexicon/scan", ScanViewSet, basename="lexicon-scan")

urlpatterns = router.urls

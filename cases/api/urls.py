"""This app's API routes, under /api/v1/: portal/urls.py joins every app's router into the API root."""

from rest_framework.routers import SimpleRouter

from cases.api.views import (
    AdvertViewSet,
    CaseViewSet,
    EvidenceViewSet,
    PersonViewSet,
    PlatformViewSet,
    ProsecutionViewSet,
    SeizureViewSet,
)

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("case-adverts", AdvertViewSet, basename="case-advert")
router.register("case-seizures", SeizureViewSet, basename="case-seizure")
router.register("case-persons", PersonViewSet, basename="case-person")
router.register("case-prosecutions", ProsecutionViewSet, basename="case-prosecution")
router.register("case-evidence", EvidenceViewSet, basename="case-evidence")
router.register("platforms", PlatformViewSet, basename="platform")

urlpatterns = router.urls

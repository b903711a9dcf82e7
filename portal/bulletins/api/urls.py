"""This app's API routes, under /api/v1/: portal/urls.py joins every app's router into the API root."""

from rest_framework.routers import SimpleRouter

from portal.bulletins.api.views import BulletinViewSet

router = SimpleRouter()
router.register("bulletins", BulletinViewSet, basename="bulletin")

urlpatterns = router.urls

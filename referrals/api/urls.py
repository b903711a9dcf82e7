"""This app's API routes, under /api/v1/: portal/urls.py joins every app's router into the API root."""

from rest_framework.routers import SimpleRouter

from referrals.api.views import ReferralQueueViewSet, ReferralViewSet

router = SimpleRouter()
router.register("referrals", ReferralViewSet, basename="referral")
router.register("referral-queue", ReferralQueueViewSet, basename="referral-queue")

urlpatterns = router.urls

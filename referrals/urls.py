from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.ReferralListView.as_view(), name="list"),
    path("new/", views.referral_create, name="create"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("queue/", views.queue, name="queue"),
    path("queue/<int:pk>/", views.queue_answer, name="queue-answer"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/new/", views.report_create, name="report-create"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/screenshot/", views.report_screenshot, name="report-screenshot"),
]

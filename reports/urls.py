from django.urls import include, path

from portal.access.routes import record_urls
from reports import views

app_name = "reports"
report_patterns = [
    path("", views.PartyReportListView.as_view(), name="party-list"),
    *record_urls(
        None,
        views.PartyReportCreateView,
        views.PartyReportDetailView,
        views.PartyReportUpdateView,
        at="party/",
        name="party-",
    ),
    path("party/<int:pk>/submit/", views.party_submit, name="party-submit"),
    path("party/<int:pk>/build/", views.party_build, name="party-build"),
    path("builds/<int:pk>/", views.build_status, name="build-status"),
    path("builds/<int:pk>/pdf/", views.build_download, name="build-download"),
    path("compilation/", views.compilation, name="compilation"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<slug:name>.csv", views.statistics_csv, name="statistics-csv"),
    path("usage/", views.usage_page, name="usage"),
    path("illegal-trade/", views.trade_report, name="trade-report"),
]

urlpatterns = [
    path("reports/", include(report_patterns)),
    # The takedown metrics page moved here from referrals (it counts with reports.takedown) and kept its address.
    path("referrals/metrics/", views.takedown_page, name="takedown-metrics"),
]

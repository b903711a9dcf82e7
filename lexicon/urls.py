from django.urls import path

from lexicon import views
from portal.access.routes import record_urls

app_name = "lexicon"
urlpatterns = [
    *record_urls(views.CodeWordListView, views.CodeWordCreateView, views.CodeWordDetailView, views.CodeWordUpdateView),
    path("scan/", views.scan, name="scan"),
    path("taxa/", views.taxon_list, name="taxa"),
    path("taxa/<int:pk>/", views.taxon_detail, name="taxon"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export-csv"),
    path("export.json", views.export, {"fmt": "json"}, name="export-json"),
]

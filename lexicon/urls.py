from django.urls import path

from lexicon import views

app_name = "lexicon"
urlpatterns = [
    path("", views.CodeWordListView.as_view(), name="list"),
    path("new/", views.CodeWordCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CodeWordDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CodeWordUpdateView.as_view(), name="edit"),
    path("scan/", views.scan, name="scan"),
    path("taxa/", views.taxon_list, name="taxa"),
    path("taxa/<int:pk>/", views.taxon_detail, name="taxon"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export-csv"),
    path("export.json", views.export, {"fmt": "json"}, name="export-json"),
]

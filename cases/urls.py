from django.urls import path

from cases import views
from cases.models import Advert, Evidence, Person, Prosecution, Seizure
from portal.access.routes import record_urls

app_name = "cases"
urlpatterns = [
    *record_urls(views.CaseListView, views.CaseFormView, views.CaseDetailView, views.CaseFormView),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("deconfliction/", views.deconflict, name="deconflict"),
    path("import/", views.import_start, name="import"),
    path("import/template.<str:fmt>", views.import_template, name="import-template"),
    path("import/<int:pk>/", views.import_detail, name="import-detail"),
    path("import/<int:pk>/commit/", views.import_commit, name="import-commit"),
    path("from-scan/", views.adverts_from_scan, name="from-scan"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence-download"),
]
for _model in (Advert, Seizure, Person, Prosecution, Evidence):
    _name = _model._meta.model_name
    urlpatterns += [
        path(f"<int:case_pk>/{_name}/new/", views.ChildFormView.as_view(model=_model), name=f"{_name}-create"),
        path(f"{_name}/<int:pk>/", views.ChildDetailView.as_view(model=_model), name=f"{_name}-detail"),
        path(f"{_name}/<int:pk>/edit/", views.ChildFormView.as_view(model=_model), name=f"{_name}-edit"),
    ]

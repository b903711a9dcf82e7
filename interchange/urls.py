from django.urls import path

from interchange import views

app_name = "interchange"
urlpatterns = [
    path("stix/cases.json", views.case_list_bundle, name="case-list"),
    path("stix/cases/<int:pk>.json", views.case_bundle, name="case"),
    path("stix/codewords.json", views.codeword_list_bundle, name="codeword-list"),
    path("stix/codewords/<int:pk>.json", views.codeword_bundle, name="codeword"),
    path("stix/documents/<int:pk>.json", views.document_bundle, name="document"),
    path("schemas/<str:extension_id>.json", views.schema, name="schema"),
]

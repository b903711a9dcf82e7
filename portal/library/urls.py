from django.urls import path

from portal.library import views

app_name = "library"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("new/", views.DocumentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.DocumentUpdateView.as_view(), name="edit"),
    path("<int:pk>/new-version/", views.DocumentNewVersionView.as_view(), name="new-version"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment_download, name="attachment-download"),
    path("legislation/", views.MatrixListView.as_view(), name="matrix"),
    path("legislation/new/", views.MatrixCreateView.as_view(), name="matrix-create"),
    path("legislation/<int:pk>/", views.MatrixDetailView.as_view(), name="matrix-detail"),
    path("legislation/<int:pk>/edit/", views.MatrixUpdateView.as_view(), name="matrix-edit"),
]

from django.urls import path

from portal.bulletins import views

app_name = "bulletins"
urlpatterns = [
    path("", views.BulletinListView.as_view(), name="list"),
    path("new/", views.BulletinCreateView.as_view(), name="create"),
    path("<int:pk>/", views.BulletinDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.BulletinUpdateView.as_view(), name="edit"),
]

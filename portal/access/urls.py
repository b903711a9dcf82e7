from django.urls import path

from portal.access import views

app_name = "access"
urlpatterns = [
    path("share/<str:label>/<int:pk>/", views.share, name="share"),
]

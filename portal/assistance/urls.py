from django.urls import path

from portal.assistance import views

# Included at /library/requests/, the path requests had when they were part of the library.
app_name = "assistance"
urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("new/", views.request_create, name="request-create"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/status/", views.request_status, name="request-status"),
    path("<int:pk>/share/", views.request_share, name="request-share"),
]

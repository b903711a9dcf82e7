from django.urls import path

from portal.orgs import views

app_name = "orgs"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("spaces/", views.space_list, name="space-list"),
    path("spaces/<int:pk>/", views.space_detail, name="space-detail"),
    path("spaces/<int:pk>/members/add/", views.space_member_add, name="space-member-add"),
    path("spaces/<int:pk>/members/<int:member_pk>/remove/", views.space_member_remove, name="space-member-remove"),
    path("profile/", views.profile, name="profile"),
]

from django.urls import path

from portal.orgs import spoc_views, views

app_name = "orgs"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("spaces/", views.space_list, name="space-list"),
    path("spaces/<int:pk>/", views.space_detail, name="space-detail"),
    path("spaces/<int:pk>/members/add/", views.space_member_add, name="space-member-add"),
    path("spaces/<int:pk>/members/<int:member_pk>/remove/", views.space_member_remove, name="space-member-remove"),
    path("profile/", views.profile, name="profile"),
    # The organisation admin's pages and leaving kept the paths they had under /accounts/.
    path("accounts/organisation/leave/", views.leave, name="leave"),
    path("accounts/organisation/vetting/", views.vetting, name="vetting"),
    path("accounts/organisation/vetting/<int:pk>/", views.vetting_decide, name="vetting-decide"),
    path("accounts/organisation/invitations/", views.invitations, name="invitations"),
    path("accounts/organisation/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("accounts/organisation/members/", views.members, name="members"),
    path("accounts/organisation/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    # The SPOC directory kept the path it had in the library.
    path("library/spoc/", spoc_views.spoc_list, name="spoc-list"),
    path("library/spoc/export.vcf", spoc_views.spoc_export, name="spoc-export"),
    path("library/spoc/<int:pk>.vcf", spoc_views.spoc_vcard, name="spoc-vcard"),
    path("library/spoc/<int:pk>/edit/", spoc_views.spoc_edit, name="spoc-edit"),
]

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from portal.access.admin import site
from portal.orgs.models import CitesParty, Membership, Organisation, ReportCountryCode, Space, SpaceMember, User


class MembershipInline(admin.StackedInline):
    model = Membership
    fk_name = "user"
    extra = 0
    readonly_fields = ("vetted_at", "vetted_by")


@admin.register(User, site=site)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ()
    list_filter = ("is_active", "is_staff")
    inlines = [MembershipInline]

    def has_module_permission(self, request):
        return request.user.is_superuser

    has_view_permission = has_change_permission = has_add_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_superuser
    )


class SuperuserOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


class SpaceMemberInline(admin.TabularInline):
    model = SpaceMember
    extra = 0


@admin.register(Organisation, site=site)
class OrganisationAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "acronym", "sector", "country")
    list_filter = ("sector",)
    search_fields = ("name", "acronym")


@admin.register(Space, site=site)
class SpaceAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "confidential")
    inlines = [SpaceMemberInline]


@admin.register(CitesParty, site=site)
class CitesPartyAdmin(SuperuserOnlyAdmin):
    list_display = ("code", "name", "is_regional_organisation")
    search_fields = ("name", "code")


@admin.register(ReportCountryCode, site=site)
class ReportCountryCodeAdmin(SuperuserOnlyAdmin):
    list_display = ("code", "meaning")

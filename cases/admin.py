from django.contrib import admin

from cases.models import CHILD_MODELS, Case, Platform
from portal.access.admin import ShareableAdmin, site


@admin.register(Case, site=site)
class CaseAdmin(ShareableAdmin):
    search_fields = ("reference", "title")
    readonly_fields = (*ShareableAdmin.readonly_fields, "reference")


# A record's case is shown, not chosen: moving it to another case would skip the check that it is never more
# visible than its case (cases.services), and a raw id box would look the case up without the policy.
for _model in CHILD_MODELS:
    site.register(
        _model,
        type(
            f"{_model.__name__}Admin", (ShareableAdmin,), {"readonly_fields": (*ShareableAdmin.readonly_fields, "case")}
        ),
    )


@admin.register(Platform, site=site)
class PlatformAdmin(admin.ModelAdmin):
    """Reference data: superusers only."""

    list_display = ("name", "kind", "coalition_member", "organisation")
    search_fields = ("name",)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

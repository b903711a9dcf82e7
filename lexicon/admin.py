from django.contrib import admin

from lexicon.models import CitesCode, CodeWord, Taxon
from portal.access.admin import ShareableAdmin, site


@admin.register(CodeWord, site=site)
class CodeWordAdmin(ShareableAdmin):
    search_fields = ("term", "gloss", "romanisation")
    list_display = ("term", "gloss", "language", "confidence", "releasable", "owner_org", "tlp")


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Reference data is kept by portal administrators; plain staff do not see it here."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(Taxon, site=site)
class TaxonAdmin(SuperuserOnlyAdmin):
    search_fields = ("scientific_name",)
    list_display = ("scientific_name", "rank", "family", "cites_appendix")
    list_filter = ("cites_appendix", "rank", "class_name")


@admin.register(CitesCode, site=site)
class CitesCodeAdmin(SuperuserOnlyAdmin):
    list_display = ("kind", "code", "description")
    list_filter = ("kind",)

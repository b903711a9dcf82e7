"""The admin site and a ModelAdmin base that show staff only what the policy lets them see."""

from django.contrib import admin
from django.http import Http404

from portal.access.policy import can_change, redact


class PortalAdminSite(admin.AdminSite):
    site_header = "Wildlife Cybercrime Portal administration"
    site_title = "Portal admin"

    def get_urls(self):
        # "View on site" redirects by content type and id without asking the policy; the portal has no use for it.
        return [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]


class ShareableAdmin(admin.ModelAdmin):
    """Superusers manage everything; other staff see and change only what the policy allows."""

    readonly_fields = ("owner_org", "author", "version", "created_at", "updated_at")
    list_display = ("__str__", "owner_org", "distribution", "tlp", "pap", "created_at")
    list_filter = ("distribution", "tlp", "pap")
    show_full_result_count = False
    view_on_site = False

    def get_queryset(self, request):
        model = self.model
        if request.user.is_superuser:
            return model.unrestricted.all().select_related("owner_org")
        return model.objects.visible_to(request.user).select_related("owner_org")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and not request.user.is_superuser and not can_change(request.user, obj):
            redact(request.user, obj)
        return obj

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Hidden and missing records answer alike: 404, never a redirect that says which.
        raise Http404

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return request.user.is_staff and (obj is None or can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


site = PortalAdminSite(name="admin")

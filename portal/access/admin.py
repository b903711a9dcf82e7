"""The admin site and a ModelAdmin base that show staff only what the policy lets them see, and write through the
same services (marking rules, version, audit) as the pages."""

from django.contrib import admin
from django.http import Http404

from portal.access.policy import can_change, can_share, redact
from portal.access.registry import policy_for
from portal.access.services import shareable_update


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
            return model.bypass_policy.all().select_related("owner_org")
        return model.objects.visible_to(request.user).select_related("owner_org")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and not request.user.is_superuser:
            # The one redaction, for an editor too: what they may not read is shown read-only as "[redacted]".
            obj._withheld = policy_for(self.model).hidden_fields(request.user, obj)
            redact(request.user, obj)
        return obj

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            policy = policy_for(self.model)
            fields += [name for name in getattr(obj, "_withheld", ()) if name not in fields]
            # Spaces are chosen in the share dialog, which checks the editor is in each; other reach fields are
            # the owner's.
            reach = policy.reach_fields if not can_share(request.user, obj) else ("spaces",)
            fields += [name for name in reach if name not in fields]
        return fields

    def save_model(self, request, obj, form, change):
        if request.user.is_superuser or not change:
            return super().save_model(request, obj, form, change)
        # Staff who are not superusers write as on the pages: policy, marking rules, a new version, an audit row.
        fields = [
            name
            for name in form.changed_data
            if name in form.cleaned_data and not self.model._meta.get_field(name).many_to_many
        ]
        form.instance = shareable_update(
            actor=request.user,
            obj=obj,
            data={name: form.cleaned_data[name] for name in fields},
            expected_version=obj.version,
        )

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

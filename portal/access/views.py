"""Class-based-view mixins that read and write shared records only through the policy."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from portal.access.policy import can_change, can_contribute, can_share, capped_count, get_visible_or_404, redact
from portal.access.services import EditConflict, shareable_create, shareable_update


class CappedPaginator(Paginator):
    """Counts at most PORTAL_COUNT_CAP rows, so a page shows "10,000+" rather than scanning everything."""

    @cached_property
    def count(self):
        n, self.capped = capped_count(self.object_list, settings.PORTAL_COUNT_CAP)
        return n


class PolicyQuerysetMixin:
    """Every queryset of the view is the model's records that the request's user may see."""

    model = None
    select_related: tuple[str, ...] = ("owner_org",)

    def get_queryset(self):
        qs = self.model.objects.visible_to(self.request.user)
        return qs.select_related(*self.select_related) if self.select_related else qs


class PolicyListView(PolicyQuerysetMixin, ListView):
    paginate_by = 50
    paginator_class = CappedPaginator
    ordering = ("-created_at", "-id")

    def get_queryset(self):
        return super().get_queryset().order_by(*self.get_ordering())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = [redact(self.request.user, obj) for obj in context["object_list"]]
        context["can_contribute"] = can_contribute(self.request.user)
        return context


class PolicyDetailView(PolicyQuerysetMixin, DetailView):
    def get_object(self, queryset=None):
        obj = get_visible_or_404(self.get_queryset(), self.request.user, pk=self.kwargs["pk"])
        self.can_change = can_change(self.request.user, obj)
        self.can_share = can_share(self.request.user, obj)
        if obj.distribution != "public":
            from portal.audit.services import audit_view

            audit_view(self.request, obj)
        return redact(self.request.user, obj)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=self.can_change, can_share=self.can_share, **kwargs)


class ShareableFormMixin(LoginRequiredMixin):
    """Create and edit through the services: marking rules, spaces, optimistic locking, audit."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def _apply_validation_error(self, form, error: ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return self.form_invalid(form)


class PolicyCreateView(ShareableFormMixin, CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_contribute(request.user):
            raise PermissionDenied(_("Only contributors and admins can share records."))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data, spaces = form.shareable_data()
        try:
            self.object = shareable_create(
                actor=self.request.user, model=self.model, data=data, spaces=spaces, request=self.request
            )
        except ValidationError as error:
            return self._apply_validation_error(form, error)
        form.save_related(self.object)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class PolicyUpdateView(ShareableFormMixin, PolicyQuerysetMixin, UpdateView):
    def get_object(self, queryset=None):
        obj = get_visible_or_404(self.get_queryset(), self.request.user, pk=self.kwargs["pk"])
        if not can_change(self.request.user, obj):
            raise PermissionDenied(_("You may view this record but not change it."))
        return obj

    def form_valid(self, form):
        data, spaces = form.shareable_data()
        try:
            self.object = shareable_update(
                actor=self.request.user,
                obj=self.object,
                data=data,
                spaces=spaces,
                expected_version=form.cleaned_data["version"],
                request=self.request,
            )
        except EditConflict as conflict:
            form.add_error(
                None,
                _(
                    "Someone else saved this record (now version %(v)s) while you were editing. Your changes are "
                    "still in the form below: compare them with the current record, then save again."
                )
                % {"v": conflict.current.version},
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.current.version
            return self.form_invalid(form)
        except ValidationError as error:
            return self._apply_validation_error(form, error)
        form.save_related(self.object)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())

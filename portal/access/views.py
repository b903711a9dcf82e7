"""Class-based-view mixins that read and write shared records only through the policy."""

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from portal.access.policy import can_change, can_contribute, can_share, capped_count, get_visible_or_404, redact
from portal.access.registry import child_entries, shareable_entry
from portal.access.services import (
    EditConflict,
    audience_after_grant,
    grant,
    grants_of,
    revoke,
    shareable_create,
    shareable_update,
)
from portal.audit.services import audit_view
from portal.orgs.models import Space


class CappedPage(Page):
    """A page of a capped list: past the cap, whether a next page exists comes from one extra row, not a count."""

    more = False

    def has_next(self):
        return self.more if self.paginator.capped else super().has_next()

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class CappedPaginator(Paginator):
    """Counts at most count_cap rows (PORTAL_COUNT_CAP unless given), so a page shows "1,000+" rather than
    scanning everything. Pages past the cap stay reachable: each fetches one row more to know if another follows.
    """

    def __init__(self, object_list, per_page, *args, count_cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_cap = count_cap or settings.PORTAL_COUNT_CAP
        self.capped = False

    @cached_property
    def count(self):
        n, self.capped = capped_count(self.object_list, self.count_cap)
        return n

    def validate_number(self, number):
        if self.count and self.capped:
            number = self._as_int(number)
            if number < 1:
                raise EmptyPage(self.error_messages["min_page"])
            return number
        return super().validate_number(number)

    def _as_int(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            return int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None

    def page(self, number):
        number = self.validate_number(number)
        if not self.capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        if bottom >= 2**62:  # beyond any database's OFFSET: no such page, not a server error
            raise EmptyPage(self.error_messages["no_results"])
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        page = CappedPage(rows[: self.per_page], number, self)
        page.more = len(rows) > self.per_page
        return page

    def _get_page(self, *args, **kwargs):
        return CappedPage(*args, **kwargs)


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
    # How far the list counts before it says "N+" (None: PORTAL_COUNT_CAP); a lower cap is a cheaper count.
    count_cap: int | None = None

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return self.paginator_class(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page,
            count_cap=self.count_cap, **kwargs,
        )  # fmt: skip

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

    def create_record(self, data: dict, spaces: list):
        """The service call that writes the record; apps with their own service override this only."""
        actor = self.request.user
        return shareable_create(actor=actor, model=self.model, data=data, spaces=spaces)

    def form_valid(self, form):
        data, spaces = form.shareable_data()
        try:
            self.object = self.create_record(data, spaces)
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

    def update_record(self, data: dict, spaces: list, expected_version: int):
        """The service call that writes the change; apps with their own service override this only."""
        return shareable_update(
            actor=self.request.user,
            obj=self.object,
            data=data,
            spaces=spaces,
            expected_version=expected_version,
        )

    def form_valid(self, form):
        data, spaces = form.shareable_data()
        try:
            self.object = self.update_record(data, spaces, form.cleaned_data["version"])
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


class ShareForm(forms.Form):
    email = forms.EmailField(required=False, label=_("A named user's e-mail"))
    space = forms.ModelChoiceField(queryset=Space.objects.all(), required=False, label=_("or a space"))
    can_edit = forms.BooleanField(required=False, label=_("Let this person co-edit (named users only)"))
    with_records = forms.BooleanField(required=False)

    def __init__(self, *args, model, **kwargs):
        super().__init__(*args, **kwargs)
        children = [str(entry.model._meta.verbose_name_plural) for entry in child_entries(model)]
        if children:
            self.fields["with_records"].label = _("Also share its records: %s") % ", ".join(children)
        else:
            del self.fields["with_records"]

    def clean(self):
        data = super().clean()
        if bool(data.get("email")) == bool(data.get("space")):
            raise forms.ValidationError(_("Enter one user's e-mail or choose one space."))
        if data.get("email"):
            data["user"] = get_user_model().objects.filter(email=data["email"].strip().lower()).first()
            if data["user"] is None:
                self.add_error("email", NO_SUCH_RECIPIENT)
        return data


# Unknown, not vetted, or of a sector the record is closed to: one answer, so the dialog does not tell which.
NO_SUCH_RECIPIENT = gettext_lazy("No vetted member who may receive this record has this e-mail address.")


def _shareable_or_404(label: str):
    try:
        model = apps.get_model(label)
        shareable_entry(model)
    except (LookupError, ValueError):
        raise Http404("No such record") from None
    return model


@login_required
def share(request, label, pk):
    """The share dialog: who holds a grant on a record, and adding or revoking one (owner editors only)."""
    model = _shareable_or_404(label)
    obj = get_visible_or_404(model, request.user, pk=pk)
    if not can_share(request.user, obj):
        raise PermissionDenied(_("Only editors of the owner organisation may share this record."))
    form = ShareForm(request.POST if request.method == "POST" else None, model=model)
    preview = None
    if request.method == "POST":
        try:
            if "revoke_user" in request.POST or "revoke_space" in request.POST:
                user = get_user_model().objects.filter(pk=_posted_id(request, "revoke_user")).first()
                space = Space.objects.filter(pk=_posted_id(request, "revoke_space")).first()
                if user is None and space is None:
                    raise ValidationError(_("Nothing to revoke."))
                revoke(actor=request.user, obj=obj, user=user, space=space)
                messages.success(request, _("Access revoked."))
                return HttpResponseRedirect(request.path)
            if form.is_valid() and "preview" in request.POST:
                preview = audience_after_grant(
                    actor=request.user,
                    obj=obj,
                    user=form.cleaned_data.get("user"),
                    space=form.cleaned_data.get("space"),
                    can_edit=form.cleaned_data["can_edit"],
                    with_records=form.cleaned_data.get("with_records", False),
                )
            elif form.is_valid():
                shared = grant(
                    actor=request.user,
                    obj=obj,
                    user=form.cleaned_data.get("user"),
                    space=form.cleaned_data.get("space"),
                    can_edit=form.cleaned_data["can_edit"],
                    with_records=form.cleaned_data.get("with_records", False),
                )
                note = _("Shared.")
                if shared.records:
                    note += " " + ngettext("%(n)s of its records too.", "%(n)s of its records too.", shared.records) % {
                        "n": shared.records
                    }
                if shared.kept_back:
                    note += " " + ngettext(
                        "%(n)s TLP:RED record stays with named people only.",
                        "%(n)s TLP:RED records stay with named people only.",
                        shared.kept_back,
                    ) % {"n": shared.kept_back}
                messages.success(request, note)
                return HttpResponseRedirect(request.path)
        except ValidationError as error:
            if "user" in getattr(error, "error_dict", {}):
                form.add_error("email", NO_SUCH_RECIPIENT)
            else:
                for message in error.messages:
                    form.add_error(None, message)
    context = {"object": obj, "form": form, "grants": grants_of(obj), "label": label, "preview": preview}
    return render(request, "access/share.html", context, status=400 if form.errors else 200)


def _posted_id(request, name: str) -> int:
    """A record id from the posted form: 0 when absent; a ValidationError (answered 400) when not a number."""
    raw = request.POST.get(name) or "0"
    if not (raw.isascii() and raw.isdigit()):
        raise ValidationError(_("%(name)s: not a valid id.") % {"name": name})
    return int(raw)

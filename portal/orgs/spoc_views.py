"""The SPOC directory's pages: the list with filters, vCards (one, or the filtered list) and a profile's edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from portal.audit.services import audit
from portal.orgs.membership import vetted_membership
from portal.orgs.models import SpocProfile
from portal.orgs.spoc import SpocFilterForm, SpocProfileForm, can_edit_spoc_profile, spoc_directory, vcard


@login_required
def spoc_list(request):
    """The SPOC directory for vetted members; an unvetted account sees an empty page that says why."""
    form = SpocFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    contacts = spoc_directory(viewer=request.user, filters=filters) if not form.errors else []
    return render(
        request,
        "orgs/spoc_list.html",
        {
            "form": form,
            "contacts": list(contacts)[:500],
            "vetted": vetted_membership(request.user) is not None,
            "query": request.GET.urlencode(),
        },
    )


def _vcard_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def spoc_vcard(request, pk: int):
    membership = spoc_directory(viewer=request.user).filter(pk=pk).first()
    if membership is None:
        raise Http404("No such contact")
    audit(actor=request.user, action="spoc.export", detail={"membership": membership.pk})
    return _vcard_response(vcard(membership), f"spoc-{membership.pk}.vcf")


@login_required
def spoc_export(request):
    if vetted_membership(request.user) is None:
        raise Http404("No directory")
    form = SpocFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    contacts = list(spoc_directory(viewer=request.user, filters=form.cleaned_data if form.is_bound else {}))
    audit(actor=request.user, action="spoc.export", detail={"count": len(contacts)})
    return _vcard_response("".join(vcard(m) for m in contacts), "spoc-directory.vcf")


@login_required
def spoc_edit(request, pk: int):
    membership = spoc_directory(viewer=request.user).filter(pk=pk).first()
    if membership is None:
        raise Http404("No such contact")
    if not can_edit_spoc_profile(request.user, membership):
        raise PermissionDenied(_("Only the contact or an admin of their organisation may edit this profile."))
    profile = getattr(membership, "spoc_profile", None) or SpocProfile(membership=membership)
    form = SpocProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit(actor=request.user, action="spoc.profile.update", detail={"membership": membership.pk})
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("orgs:spoc-list"))
    return render(request, "orgs/spoc_form.html", {"form": form, "contact": membership})

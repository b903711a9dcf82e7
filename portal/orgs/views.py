"""Organisation pages, spaces, space members, the profile page, and the organisation admin's pages: vetting,
invitations, members (scoped to the admin's own organisation; a portal admin sees every organisation)."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.policy import capped_count, redact_all, vetted_membership
from portal.access.registry import shareable_models
from portal.accounts.login_views import start_pending_login
from portal.accounts.reauth import REAUTH_AT, reauth_required
from portal.accounts.services import has_totp, mfa_required
from portal.orgs.forms import EmailAuthenticationForm, InvitationForm, SpaceMemberForm
from portal.orgs.invitations import invitations_visible_to, invite, revoke_invitation
from portal.orgs.models import Invitation, Membership, Organisation, Role, Space, SpaceMember
from portal.orgs.services import is_space_admin, is_space_member, space_add_member, space_remove_member
from portal.orgs.vetting import (
    admin_membership,
    can_administer,
    leave_organisation,
    manageable_memberships,
    remove_member,
    vet,
)


class PortalLoginView(LoginView):
    """E-mail and password (django-axes counts failures); then, when the account uses or must use two-factor,
    the second step of portal.accounts before the session is logged in."""

    form_class = EmailAuthenticationForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if has_totp(user) or mfa_required(user):
            return start_pending_login(self.request, user, self.get_success_url())
        response = super().form_valid(form)
        self.request.session[REAUTH_AT] = int(time.time())
        return response


@login_required
def organisation_list(request):
    organisations = Organisation.objects.approved().order_by("sector", "name")
    return render(request, "orgs/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.approved(), pk=pk)
    # A portal superuser may have no membership at all: then no organisation is their own.
    membership = vetted_membership(request.user)
    own = membership is not None and membership.organisation_id == organisation.pk
    members = (
        Membership.objects.filter(organisation=organisation, vetted=True).select_related("user")
        if own
        else Membership.objects.filter(organisation=organisation, vetted=True, is_spoc=True).select_related("user")
    )
    return render(
        request, "orgs/organisation_detail.html", {"organisation": organisation, "members": members, "own": own}
    )


@login_required
def space_list(request):
    mine = set(Space.objects.for_member(request.user).values_list("pk", flat=True))
    spaces = [(space, space.pk in mine) for space in Space.objects.all()]
    return render(request, "orgs/space_list.html", {"spaces": spaces})


def _space_records(user, space, limit=20):
    """What is shared into the space, per registered shareable model, as this user may see it."""
    sections = []
    for model in shareable_models():
        qs = (
            model.objects.visible_to(user)
            .filter(spaces=space)
            .select_related("owner_org")
            .order_by("-created_at", "-id")
        )
        rows = redact_all(user, qs[:limit])
        if rows:
            sections.append({"label": model._meta.verbose_name_plural, "rows": rows, "total": capped_count(qs, 10_000)})
    return sections


@login_required
def space_detail(request, pk):
    space = get_object_or_404(Space, pk=pk)
    member = is_space_member(request.user, space)
    admin = is_space_admin(request.user, space)
    show_members = member or admin or not space.confidential
    members = space.members.select_related("organisation", "user") if show_members else SpaceMember.objects.none()
    context = {
        "space": space,
        "is_member": member,
        "is_admin": admin,
        "show_members": show_members,
        "members": members,
        "sections": _space_records(request.user, space),
        "form": SpaceMemberForm() if admin else None,
    }
    return render(request, "orgs/space_detail.html", context)


@login_required
@require_POST
def space_member_add(request, pk):
    space = get_object_or_404(Space, pk=pk)
    if not is_space_admin(request.user, space):
        raise PermissionDenied(_("Only the space's admins manage its members."))
    form = SpaceMemberForm(request.POST)
    if form.is_valid():
        try:
            space_add_member(
                actor=request.user,
                space=space,
                organisation=form.cleaned_data.get("organisation"),
                user=form.cleaned_data.get("user"),
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("Member added."))
            return redirect(space)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
    members = space.members.select_related("organisation", "user")
    context = {
        "space": space,
        "is_member": True,
        "is_admin": True,
        "show_members": True,
        "members": members,
        "sections": _space_records(request.user, space),
        "form": form,
    }
    return render(request, "orgs/space_detail.html", context, status=400)


@login_required
@require_POST
def space_member_remove(request, pk, member_pk):
    member = get_object_or_404(SpaceMember, pk=member_pk, space_id=pk)
    space_remove_member(actor=request.user, member=member)
    messages.success(request, _("Member removed."))
    return redirect(member.space)


@login_required
def profile(request):
    return render(request, "orgs/profile.html", {"membership": request.user.membership_or_none})


@require_POST
@reauth_required
def leave(request):
    """Leaving the organisation ends access at once: the membership and every session go."""
    leave_organisation(user=request.user)
    messages.info(request, _("You have left your organisation; your access has ended."))
    return redirect("login")


# --- the organisation admin's pages --------------------------------------------------------------------


def _org_admin_required(request):
    if not can_administer(request.user):
        raise PermissionDenied(_("Only admins of an organisation manage its people."))


@login_required
def invitations(request):
    _org_admin_required(request)
    own = admin_membership(request.user)
    form = InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if own is None:
            raise PermissionDenied(_("Only an admin of an organisation invites people to it."))
        if form.is_valid():
            try:
                invite(actor=request.user, email=form.cleaned_data["email"], role=form.cleaned_data["role"])
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Invitation sent."))
                return redirect("orgs:invitations")
        status = 400
    return render(
        request,
        "orgs/invitations.html",
        {"form": form, "invitations": invitations_visible_to(request.user)[:200], "can_invite": own is not None},
        status=status,
    )


@require_POST
@login_required
def invitation_revoke(request, pk):
    _org_admin_required(request)
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        revoke_invitation(actor=request.user, invitation=invitation)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Invitation revoked."))
    return redirect("orgs:invitations")


@login_required
def vetting(request):
    _org_admin_required(request)
    queue = manageable_memberships(request.user).filter(vetted=False).order_by("created_at")
    return render(request, "orgs/vetting.html", {"queue": queue, "roles": Role.choices})


@require_POST
@login_required
def vetting_decide(request, pk):
    _org_admin_required(request)
    membership = get_object_or_404(manageable_memberships(request.user).filter(vetted=False), pk=pk)
    decision = request.POST.get("decision")
    try:
        if decision not in ("approve", "reject"):
            raise ValidationError({"decision": _("approve or reject.")})
        role = request.POST.get("role") or None
        vet(actor=request.user, membership=membership, approve=decision == "approve", role=role)
    except ValidationError as error:
        return render(
            request,
            "orgs/vetting.html",
            {
                "queue": manageable_memberships(request.user).filter(vetted=False),
                "roles": Role.choices,
                "error": "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()),
            },
            status=400,
        )
    messages.success(request, _("Account approved.") if decision == "approve" else _("Account refused."))
    return redirect("orgs:vetting")


@login_required
def members(request):
    _org_admin_required(request)
    rows = manageable_memberships(request.user).filter(vetted=True).order_by("organisation__name", "user__email")
    return render(request, "orgs/members.html", {"members": rows})


@require_POST
@login_required
def member_remove(request, pk):
    _org_admin_required(request)
    membership = get_object_or_404(manageable_memberships(request.user), pk=pk)
    remove_member(actor=request.user, membership=membership)
    messages.success(request, _("Member removed: their access has ended."))
    return redirect("orgs:members")

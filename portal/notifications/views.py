"""Notifications in the portal, the user's subscriptions, and the log-in-free unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.audit.services import audit
from portal.notifications.forms import SubscriptionForm
from portal.notifications.models import Subscription
from portal.notifications.services import matches, recent_activity, subscription_from_token


@login_required
def notification_list(request):
    """Matches of each subscription, or all recent activity; always what the policy lets the user see now."""
    subscriptions = list(request.user.subscriptions.filter(active=True).order_by("kind", "value"))
    view = "all" if request.GET.get("view") == "all" or not subscriptions else "following"
    context = {"view": view, "subscriptions": subscriptions}
    if view == "all":
        context["activity"] = recent_activity(request.user)
    else:
        context["sections"] = [(sub, matches(sub)) for sub in subscriptions]
    return render(request, "notifications/list.html", context)


@login_required
def subscriptions(request):
    form = SubscriptionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        sub = form.save(commit=False)
        sub.user = request.user
        sub.value = form.cleaned_data["value"]
        sub.save()
        detail = {"kind": sub.kind, "value": sub.value}
        audit(actor=request.user, action="subscription.create", detail=detail)
        messages.success(request, _("You now follow %(what)s.") % {"what": sub})
        return HttpResponseRedirect(reverse("notifications:subscriptions"))
    context = {"form": form, "subscriptions": request.user.subscriptions.order_by("kind", "value")}
    return render(request, "notifications/subscriptions.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def subscription_delete(request, pk):
    sub = get_object_or_404(Subscription, pk=pk, user=request.user)
    sub.delete()
    messages.success(request, _("You no longer follow %(what)s.") % {"what": sub})
    return HttpResponseRedirect(reverse("notifications:subscriptions"))


# The signed token is the credential: the link works without logging in, and mail clients' one-click
# unsubscribe (RFC 8058) posts without a CSRF token.
@csrf_exempt
def unsubscribe(request, token):
    sub = subscription_from_token(token)
    if sub is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        Subscription.objects.filter(pk=sub.pk).update(active=False)
        return render(request, "notifications/unsubscribe.html", {"done": True, "subscription": sub})
    return render(request, "notifications/unsubscribe.html", {"subscription": sub})

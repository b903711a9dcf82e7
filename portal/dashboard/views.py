"""The dashboard: what was recently shared with me, newest first, across every shareable model."""

from django.http import JsonResponse
from django.shortcuts import render

from portal.access.policy import redact_all
from portal.access.registry import shareable_models

PER_MODEL = 10


def home(request):
    panels = []
    for model in shareable_models():
        qs = model.objects.visible_to(request.user).select_related("owner_org").order_by("-created_at", "-id")
        panels.append(
            {
                "label": model._meta.verbose_name_plural,
                "model": model._meta.label_lower,
                "rows": redact_all(request.user, qs[:PER_MODEL]),
            }
        )
    return render(request, "dashboard/home.html", {"panels": panels})


def health(request):
    return JsonResponse({"status": "ok"})

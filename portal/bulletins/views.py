"""Bulletin pages: list, detail, create, edit; all through the policy mixins."""

from portal.access.views import PolicyCreateView, PolicyDetailView, PolicyListView, PolicyUpdateView
from portal.bulletins.forms import BulletinForm
from portal.bulletins.models import Bulletin


class BulletinListView(PolicyListView):
    model = Bulletin
    template_name = "bulletins/bulletin_list.html"

    def get_queryset(self):
        qs = super().get_queryset()
        text = self.request.GET.get("q", "").strip()
        return qs.filter(title__icontains=text) if text else qs


class BulletinDetailView(PolicyDetailView):
    model = Bulletin
    template_name = "bulletins/bulletin_detail.html"


class BulletinCreateView(PolicyCreateView):
    model = Bulletin
    form_class = BulletinForm
    template_name = "bulletins/bulletin_form.html"


class BulletinUpdateView(PolicyUpdateView):
    model = Bulletin
    form_class = BulletinForm
    template_name = "bulletins/bulletin_form.html"

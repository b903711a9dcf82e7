from urllib.parse import urlencode

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "portal.orgs"
    label = "orgs"
    verbose_name = "Organisations and people"

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.demo import register_seeder
        from portal.orgs.demo import seed_spoc_profiles

        register_seeder(21, "spoc profiles", seed_spoc_profiles)
        register_contacts_search()


def register_contacts_search() -> None:
    """The SPOC directory in the search box, under the directory's own rule (spoc_directory: vetted members only)."""
    # Called from ready(): the models and the search registry load once the app registry is ready.
    from portal.orgs.models import Membership, Organisation, SpocProfile, User
    from portal.orgs.spoc import spoc_directory
    from portal.search.registry import register_search_source

    def profile(m):
        return getattr(m, "spoc_profile", None)

    def text(m):
        p, org = profile(m), m.organisation
        return [m.user.full_name, m.user.email, org.name, org.acronym, p and p.role_title, p and p.languages]

    def snippet(m):
        p = profile(m)
        return " · ".join(filter(None, [p and p.role_title, m.organisation.name, p and p.languages]))

    register_search_source(
        Membership,
        text=text,
        title=lambda m: m.user.full_name or m.user.email,
        snippet=snippet,
        url=lambda m: f"{reverse('orgs:spoc-list')}?{urlencode({'q': m.user.full_name or m.user.email})}",
        country_field=lambda m: m.organisation.country,
        visible=lambda user: spoc_directory(viewer=user),
        indexed_if=lambda m: m.is_spoc,
        depends_on=(
            (SpocProfile, lambda p: Membership.objects.filter(pk=p.membership_id)),
            (User, lambda u: Membership.objects.filter(user=u), ("full_name", "email")),
            (Organisation, lambda o: Membership.objects.filter(organisation=o, is_spoc=True), ("name", "acronym")),
        ),
        names=(_("contact"), _("contacts")),
    )

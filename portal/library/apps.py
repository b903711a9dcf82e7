from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "portal.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from portal.access.registry import register_shareable
        from portal.demo import register_seeder
        from portal.library.demo import seed_assistance_requests, seed_library
        from portal.library.models import (
            Document,
            DocumentGroupGrant,
            DocumentUserGrant,
            LegislationEntry,
            LegislationEntryGroupGrant,
            LegislationEntryUserGrant,
        )
        from portal.menu import members, register_menu
        from portal.search.registry import register_search_source

        register_shareable(Document, user_grants=DocumentUserGrant, group_grants=DocumentGroupGrant)
        register_shareable(
            LegislationEntry, user_grants=LegislationEntryUserGrant, group_grants=LegislationEntryGroupGrant
        )
        register_seeder(20, "library", seed_library)
        register_seeder(25, "library-requests", seed_assistance_requests)
        register_menu(40, _("Library"), "library:list")
        register_menu(45, _("Requests"), "library:request-list", members)
        register_search_source(
            Document,
            fields=("title", "summary", "body", "tags", "authors"),
            title="title",
            snippet=lambda doc: doc.summary or doc.body,
            country_field="countries",
            taxon_field="taxa",
        )
        register_contacts_search()


def register_contacts_search() -> None:
    """The SPOC directory in the search box, under the directory's own rule (spoc_directory: vetted members only)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from portal.library.models import SpocProfile
    from portal.library.spoc import spoc_directory
    from portal.orgs.models import Membership, Organisation, User
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
        url=lambda m: f"{reverse('library:spoc-list')}?{urlencode({'q': m.user.full_name or m.user.email})}",
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

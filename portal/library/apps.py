from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "portal.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from portal.access.registry import SweepPath, exempt_urls, register_paths, register_shareable
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
        from portal.search.registry import register_search_source

        register_shareable(Document, user_grants=DocumentUserGrant, group_grants=DocumentGroupGrant)
        register_shareable(
            LegislationEntry, user_grants=LegislationEntryUserGrant, group_grants=LegislationEntryGroupGrant
        )
        register_seeder(20, "library", seed_library)
        register_seeder(25, "library-requests", seed_assistance_requests)
        register_search_source(
            Document,
            fields=("title", "summary", "body", "tags", "authors"),
            title="title",
            snippet=lambda doc: doc.summary or doc.body,
            country_field="countries",
            taxon_field="taxa",
        )
        register_contacts_search()
        by_pk = lambda obj: {"pk": obj.pk}  # noqa: E731
        register_paths(
            SweepPath("library:list", Document, "list"),
            SweepPath("library:list", Document, "list", query={"versions": "all", "q": "SWEEP"}),
            SweepPath("library:detail", Document, "detail", url_kwargs=by_pk),
            SweepPath("library:edit", Document, "detail", url_kwargs=by_pk, method="edit"),
            SweepPath("library:new-version", Document, "detail", url_kwargs=by_pk, method="edit"),
            SweepPath(
                "library:attachment-download",
                Document,
                "detail",
                # The sweep factory writes the record's marker into its one small PDF.
                url_kwargs=lambda obj: {"pk": obj.pk, "attachment_pk": obj.attachments.first().pk},
            ),
            SweepPath("api:document-list", Document, "list"),
            SweepPath("api:document-detail", Document, "detail", url_kwargs=by_pk),
            SweepPath("library:matrix", LegislationEntry, "list"),
            SweepPath("library:matrix-detail", LegislationEntry, "detail", url_kwargs=by_pk),
            SweepPath("library:matrix-edit", LegislationEntry, "detail", url_kwargs=by_pk, method="edit"),
            SweepPath("api:legislationentry-list", LegislationEntry, "list"),
            SweepPath("api:legislationentry-detail", LegislationEntry, "detail", url_kwargs=by_pk),
        )
        exempt_urls("forms that create a record; no record is shown", "library:create", "library:matrix-create")
        exempt_urls(
            "SPOC directory: contact details of vetted SPOCs, not a shared record; every vetted member sees all of "
            "them and nobody else does (tested in tests/library/test_spoc.py)",
            "library:spoc-list",
            "library:spoc-export",
            "library:spoc-vcard",
            "library:spoc-edit",
        )
        exempt_urls(
            "requests for assistance: two-party message threads, not a shared record; only the sender (and their "
            "organisation's admins) and the recipient organisation's SPOCs and admins see one, everyone else gets "
            "404; a record in question is resolved through the policy (tested in tests/library/test_assistance.py)",
            "library:request-list",
            "library:request-create",
            "library:request-detail",
            "library:request-status",
            "library:request-share",
        )


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

"""Every URL that serves shared records, for the access sweep, and every URL that serves none, with the reason.

Test scaffolding, kept here and not in the apps: production registers only what production needs. A new URL
fails tests/access/test_url_coverage.py until it is listed below, as a sweep path or as exempt.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import models

# The sweep's markers look like SWEEP-<model>-<key>-7f3a: "7f3a" is one index token of every one of them.
SWEEP_QUERY = "7f3a"


@dataclass(frozen=True)
class SweepPath:
    """One URL that serves records of a shareable model, for the access sweep.

    kind is "list" (the body names each visible record and no hidden one) or "detail" (200 when
    visible, 404 otherwise). url_kwargs builds the URL arguments from a record; marker gives the text
    that names a record in a response; query adds GET parameters; staff_only marks admin paths.
    """

    url_name: str
    model: type[models.Model]
    kind: str
    url_kwargs: Callable[[Any], dict] | None = None
    marker: Callable[[Any], str] = field(default=lambda obj: obj.sweep_marker())
    query: dict | None = None
    staff_only: bool = False
    method: str = "get"


def by_pk(obj) -> dict:
    return {"pk": obj.pk}


def by_object_id(obj) -> dict:
    return {"object_id": obj.pk}


def _admin(model) -> list[SweepPath]:
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
    return [
        SweepPath(f"{prefix}changelist", model, "list", staff_only=True),
        SweepPath(f"{prefix}change", model, "detail", url_kwargs=by_object_id, staff_only=True),
        SweepPath(f"{prefix}history", model, "detail", url_kwargs=by_object_id, staff_only=True),
    ]


def _share(model) -> SweepPath:
    label = model._meta.label_lower
    return SweepPath("access:share", model, "detail", url_kwargs=lambda o: {"label": label, "pk": o.pk}, method="edit")


def _sweep_taxon(world) -> dict:
    from lexicon.models import Taxon
    from tests.lexicon.factories import SWEEP_TAXON

    return {"pk": Taxon.objects.get(scientific_name=SWEEP_TAXON).pk}


@cache
def sweep_paths() -> list[SweepPath]:
    from cases.models import CHILD_MODELS, Case, Evidence, Seizure
    from lexicon.models import CodeWord
    from portal.bulletins.models import Bulletin
    from portal.library.models import Document, LegislationEntry
    from portal.search.registry import search_sources
    from referrals.models import Referral, VolunteerReport
    from reports.models import PartyReport
    from tests.lexicon.factories import SWEEP_SCAN_TEXT

    paths = [
        # portal: bulletins, the dashboard, space pages
        SweepPath("bulletins:list", Bulletin, "list"),
        SweepPath("bulletins:detail", Bulletin, "detail", url_kwargs=by_pk),
        SweepPath("bulletins:edit", Bulletin, "detail", url_kwargs=by_pk, method="edit"),
        _share(Bulletin),
        SweepPath("api:bulletin-list", Bulletin, "list"),
        SweepPath("api:bulletin-detail", Bulletin, "detail", url_kwargs=by_pk),
        *_admin(Bulletin),
        # library
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
        # lexicon
        SweepPath("lexicon:list", CodeWord, "list"),
        SweepPath("lexicon:detail", CodeWord, "detail", url_kwargs=by_pk),
        SweepPath("lexicon:edit", CodeWord, "detail", url_kwargs=by_pk, method="edit"),
        SweepPath("lexicon:scan", CodeWord, "list", query={"text": SWEEP_SCAN_TEXT}),
        SweepPath("lexicon:taxon", CodeWord, "list", url_kwargs=_sweep_taxon),
        SweepPath("lexicon:export-csv", CodeWord, "list"),
        SweepPath("lexicon:export-json", CodeWord, "list"),
        SweepPath("api:codeword-list", CodeWord, "list"),
        SweepPath("api:codeword-detail", CodeWord, "detail", url_kwargs=by_pk),
        SweepPath("api:lexicon-scan-list", CodeWord, "list", query={"text": SWEEP_SCAN_TEXT}),
        *_admin(CodeWord),
        # cases and their records
        SweepPath("cases:list", Case, "list"),
        SweepPath("cases:detail", Case, "detail", url_kwargs=by_pk),
        SweepPath("cases:edit", Case, "detail", url_kwargs=by_pk, method="edit"),
        SweepPath("cases:export-csv", Case, "list"),
        SweepPath("cases:evidence-download", Evidence, "detail", url_kwargs=by_pk),
        # referrals and volunteer reports
        SweepPath("referrals:list", Referral, "list"),
        SweepPath("referrals:detail", Referral, "detail", url_kwargs=by_pk),
        SweepPath("api:referral-list", Referral, "list"),
        SweepPath("api:referral-detail", Referral, "detail", url_kwargs=by_pk),
        SweepPath("referrals:report-list", VolunteerReport, "list"),
        SweepPath("referrals:report-detail", VolunteerReport, "detail", url_kwargs=by_pk),
        SweepPath("referrals:report-screenshot", VolunteerReport, "detail", url_kwargs=by_pk),
        # reports: the sweep factory gives every report one build whose stored file contains the report's title
        SweepPath("reports:party-list", PartyReport, "list"),
        SweepPath("reports:party-detail", PartyReport, "detail", url_kwargs=by_pk),
        SweepPath("reports:party-edit", PartyReport, "detail", url_kwargs=by_pk, method="edit"),
        SweepPath("reports:party-submit", PartyReport, "detail", url_kwargs=by_pk, method="edit"),
        SweepPath("reports:party-build", PartyReport, "detail", url_kwargs=by_pk, method="edit"),
        SweepPath("reports:build-status", PartyReport, "detail", url_kwargs=lambda o: {"pk": o.builds.first().pk}),
        SweepPath("reports:build-download", PartyReport, "detail", url_kwargs=lambda o: {"pk": o.builds.first().pk}),
        SweepPath("reports:compilation", PartyReport, "list", query={"start": "2000-01-01", "end": "2099-12-31"}),
        _share(PartyReport),
        # The export names each seizure by its place, the seizure's sweep marker; up to RED, as the sweep's
        # records go up to RED (without max_tlp the export leaves RED rows out).
        SweepPath("reports:trade-report", Seizure, "list", query={"party": "KE", "format": "csv", "max_tlp": "red"}),
        # interchange: STIX bundles of a record, of a list (with the list's filters) and in the API; a case's own
        # records are left out of its grouping when hidden (tests/interchange/test_policy.py)
        SweepPath("interchange:case-list", Case, "list"),
        SweepPath("interchange:case", Case, "detail", url_kwargs=by_pk),
        SweepPath("interchange:codeword-list", CodeWord, "list"),
        SweepPath("interchange:codeword", CodeWord, "detail", url_kwargs=by_pk),
        SweepPath("interchange:document", Document, "detail", url_kwargs=by_pk),
        SweepPath("api:stix-case-list", Case, "list"),
        SweepPath("api:stix-case-detail", Case, "detail", url_kwargs=by_pk),
        SweepPath("api:stix-codeword-list", CodeWord, "list"),
        SweepPath("api:stix-codeword-detail", CodeWord, "detail", url_kwargs=by_pk),
        SweepPath("api:stix-document-list", Document, "list"),
        SweepPath("api:stix-document-detail", Document, "detail", url_kwargs=by_pk),
    ]
    for model in (Case, *CHILD_MODELS):
        name, child = model._meta.model_name, model is not Case
        paths += [
            SweepPath(f"api:case-{name}-list" if child else "api:case-list", model, "list"),
            SweepPath(f"api:case-{name}-detail" if child else "api:case-detail", model, "detail", url_kwargs=by_pk),
            _share(model),
            *_admin(model),
        ]
        if child:
            paths += [
                SweepPath(f"cases:{name}-detail", model, "detail", url_kwargs=by_pk),
                SweepPath(f"cases:{name}-edit", model, "detail", url_kwargs=by_pk, method="edit"),
            ]
    # The dashboard and a space page list what was shared (a space page: only what was shared into it).
    paths += [
        SweepPath("dashboard:home", Bulletin, "list"),
        SweepPath("orgs:space-detail", Bulletin, "list", url_kwargs=lambda world: {"pk": world.space.pk}),
    ]
    # The search page, the search API and the notifications feed list records of every source. A personal source
    # is left out (its hits depend on the viewer's sector too; tests/search covers it), and so is a source that is
    # not a shareable record (contacts, swept in tests/search/test_contacts.py).
    for source in search_sources():
        if source.shareable and not source.personal:
            paths += [
                SweepPath("search:results", source.model, "list", query={"q": SWEEP_QUERY}),
                SweepPath("api:search", source.model, "list", query={"q": SWEEP_QUERY}),
                SweepPath("notifications:list", source.model, "list", query={"view": "all"}),
            ]
    return paths


FORMS_THAT_CREATE = "forms that create a record; no record is shown"
ADMIN_ADD_DELETE = "admin add and delete are for superusers only"

EXEMPT = {
    # portal
    "authentication pages": ("login", "logout"),
    "API index and schema: no records": ("api:api-root", "api:schema", "api:docs"),
    "language switch": ("set_language",),
    FORMS_THAT_CREATE: (
        "bulletins:create", "library:create", "library:matrix-create", "lexicon:create", "cases:create",
        "reports:party-create",
    ),
    ADMIN_ADD_DELETE: (
        "admin:bulletins_bulletin_add", "admin:bulletins_bulletin_delete", "admin:lexicon_codeword_add",
        "admin:lexicon_codeword_delete", "admin:cases_case_add", "admin:cases_case_delete",
        *(f"admin:cases_{name}_{action}" for name in ("advert", "seizure", "person", "prosecution", "evidence")
          for action in ("add", "delete")),
    ),
    "organisation directory, spaces, profile and leaving: no shared record (space pages list records via the "
    "sweep)": (
        "orgs:organisation-list", "orgs:organisation-detail", "orgs:space-list", "orgs:space-member-add",
        "orgs:space-member-remove", "orgs:profile", "orgs:leave",
    ),
    "admin pages that show no shared record or are superuser-only": (
        "admin:index", "admin:login", "admin:logout", "admin:password_change", "admin:password_change_done",
        "admin:jsi18n", "admin:app_list", "admin:autocomplete", "admin:auth_user_password_change",
        "admin:orgs_user_password_change",
        # The admin's catch-all (404 or add-slash redirect) and its old-style redirect to a change page.
        "admin:<unnamed (?P<url>.*)$>", "admin:<unnamed <path:object_id>/>",
    ),
    "account pages: log-in steps, password, two-factor, tokens, sessions; no shared record": (
        "accounts:mfa-authenticate", "accounts:mfa-setup", "accounts:mfa-disable", "accounts:recovery-codes",
        "accounts:reauthenticate", "accounts:password-change", "accounts:email-change", "accounts:password-reset",
        "accounts:password-reset-done", "accounts:password-reset-confirm", "accounts:password-reset-complete",
        "accounts:token-create", "accounts:token-revoke", "accounts:session-end", "accounts:invitation-accept",
        "accounts:signup", "accounts:signup-done", "admin-login",
    ),
    "organisation administration: people of the admin's own organisation, no shared record": (
        "orgs:vetting", "orgs:vetting-decide", "orgs:invitations", "orgs:invitation-revoke",
        "orgs:members", "orgs:member-remove",
    ),
    "audit log: audit rows, not shared records; scoped to all (portal admins) or the admin's own organisation": (
        "audit:log", "audit:export",
    ),
    "subscriptions and unsubscribe pages: the user's own follows, no shared record": (
        "notifications:subscriptions", "notifications:subscription-delete", "notifications:unsubscribe",
    ),
    "serves no shared record": ("dashboard:health",),
    # interchange
    "the JSON schemas of the portal's STIX extensions, files shipped with the code; no record": ("interchange:schema",),
    "SPOC directory: contact details of vetted SPOCs, not a shared record; every vetted member sees all of them "
    "and nobody else does (tested in tests/orgs/test_spoc.py)": (
        "orgs:spoc-list", "orgs:spoc-export", "orgs:spoc-vcard", "orgs:spoc-edit",
    ),
    # assistance
    "requests for assistance: two-party message threads, not a shared record; only the sender (and their "
    "organisation's admins) and the recipient organisation's SPOCs and admins see one, everyone else gets 404; "
    "a record in question is resolved through the policy (tested in tests/assistance/test_assistance.py)": (
        "assistance:request-list", "assistance:request-create", "assistance:request-detail",
        "assistance:request-status", "assistance:request-share",
    ),
    # lexicon
    "reference data (taxa), not shared records": ("api:taxon-list", "api:taxon-detail", "lexicon:taxa"),
    # cases
    "forms that add a record to a case; the case is checked (404 if hidden)": tuple(
        f"cases:{name}-create" for name in ("advert", "seizure", "person", "prosecution", "evidence")
    ),
    "binary twin of cases:export-csv (same selector); checked in tests/cases/test_exports.py": ("cases:export-xlsx",),
    "import of adverts: the uploader's own uploads (404 for others), written only into a case they may change; "
    "the template holds no record": (
        "cases:import", "cases:import-template", "cases:import-detail", "cases:import-commit",
    ),
    "blind deconfliction names organisations only, never a record": ("cases:deconflict",),
    "takes texts posted from the scan page and writes them into a case the poster may change; shows back only the "
    "posted texts": ("cases:from-scan",),
    "reference data (platforms), not shared records": ("api:platform-list", "api:platform-detail"),
    # referrals
    "the platform's queue: the one narrow second path (docs/ACCESS.md), rows of referrals to the user's own "
    "platform only; checked in tests/referrals/test_queue.py": (
        "referrals:queue", "referrals:queue-answer", "api:referral-queue-list", "api:referral-queue-detail",
        "api:referral-queue-answer",
    ),
    "forms that create a record; adverts chosen are checked through the policy (404 if hidden)": (
        "referrals:create", "referrals:report-create",
    ),
    # reports
    "aggregate counts only, computed from visible_to(user); tests/reports check a hidden record does not count": (
        "reports:statistics", "reports:statistics-csv",
    ),
    "audit-log aggregates for portal admins (is_staff); no shared record": ("reports:usage",),
    "aggregate counts of the viewer's own referrals and queue; names no record": ("reports:takedown-metrics",),
}  # fmt: skip


def exempt_url_names() -> dict[str, str]:
    """URL name -> why it serves no shared record."""
    return {name: reason for reason, names in EXEMPT.items() for name in names}

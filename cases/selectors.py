"""Reads of cases and their records, always for a viewer and through the policy."""

from django.db.models import Prefetch, Q

from cases.models import CHILD_MODELS, Advert, AdvertCodeWordHit, Case, Person
from lexicon.models import CodeWord
from portal.access.policy import redact


def case_list(*, viewer, filters: dict | None = None):
    """Cases the viewer may see, filtered by the list page's or API's plain filters."""
    filters = filters or {}
    qs = (
        Case.objects.visible_to(viewer)
        .select_related("owner_org", "lead_org")
        .prefetch_related("platforms")
        .order_by("-created_at", "-id")
    )
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(reference__icontains=text) | Q(summary__icontains=text))
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    country = (filters.get("country") or "").strip().upper()
    if country:
        qs = qs.filter(
            Q(country=country)
            | Q(origin_countries__contains=country)
            | Q(transit_countries__contains=country)
            | Q(destination_countries__contains=country)
        )
    if filters.get("taxon"):
        qs = qs.filter(pk__in=Case.species.rel.related_model.objects.filter(taxon=filters["taxon"]).values("case_id"))
    if filters.get("platform"):
        qs = qs.filter(pk__in=Case.platforms.through.objects.filter(platform=filters["platform"]).values("case_id"))
    if filters.get("detected_from"):
        qs = qs.filter(date_detected__gte=filters["detected_from"])
    if filters.get("detected_to"):
        qs = qs.filter(date_detected__lte=filters["detected_to"])
    return qs


CHILD_RELATED = {
    "Advert": ("platform",),
    "Seizure": ("taxon", "term_code", "unit"),
    "Person": (),
    "Prosecution": (),
    "Evidence": (),
}


def case_children(*, viewer, case) -> dict:
    """Each kind of record of one case that the viewer may see, redacted: {"adverts": [...], ...}."""
    out = {}
    for model in CHILD_MODELS:
        qs = model.objects.visible_to(viewer).filter(case=case)
        if CHILD_RELATED[model.__name__]:
            qs = qs.select_related(*CHILD_RELATED[model.__name__])
        if model is Advert:
            hits = AdvertCodeWordHit.objects.filter(code_word__in=CodeWord.objects.visible_to(viewer)).select_related(
                "code_word"
            )
            qs = qs.prefetch_related(Prefetch("code_word_hits", queryset=hits, to_attr="visible_hits"))
        if model.__name__ == "Prosecution":
            qs = qs.prefetch_related(
                Prefetch("defendants", queryset=Person.objects.visible_to(viewer), to_attr="visible_defendants")
            )
        rows = [redact(viewer, obj) for obj in qs.order_by("created_at", "id")]
        if model.__name__ == "Prosecution":
            for row in rows:
                row.visible_defendants = [redact(viewer, p) for p in row.visible_defendants]
        out[model._meta.model_name] = rows
    return out


def attach_visible_links(cases, viewer) -> None:
    """Set visible_code_words and visible_related_cases on each case: its links the viewer may see.

    Links of a whole page cost one query per kind, and the policy is asked only when the page has links at all.
    """
    cases = list(cases)
    for name, model in (("code_words", CodeWord), ("related_cases", Case)):
        links = _links(cases, getattr(Case, name).through)
        linked = {target for targets in links.values() for target in targets}
        visible = model.objects.visible_to(viewer).filter(pk__in=linked).only("pk").in_bulk() if linked else {}
        for case in cases:
            setattr(case, f"visible_{name}", [visible[t] for t in sorted(links.get(case.pk, ())) if t in visible])


def attach_list_relations(cases, viewer) -> None:
    """What a row of the case API's list names besides the case's own columns, for a whole page at once and
    without a model instance or related manager per row: space_ids, platform_ids, species_rows and the visible
    links (attach_visible_links). Spaces are all the case's; the serializer keeps those the viewer is in."""
    cases = list(cases)
    spaces = _links(cases, Case.spaces.through)
    platforms = _links(cases, Case.platforms.through)
    species: dict = {}
    if cases:
        rows = (
            Case.species.rel.related_model.objects.filter(case_id__in=[case.pk for case in cases])
            .order_by("pk")
            .values_list("case_id", "taxon_id", "term_code__code", "unit__code", "quantity")
        )
        for case_id, *row in rows:
            species.setdefault(case_id, []).append(row)
    for case in cases:
        case.space_ids = spaces.get(case.pk, [])
        case.platform_ids = platforms.get(case.pk, [])
        case.species_rows = species.get(case.pk, [])
    attach_visible_links(cases, viewer)


def attach_platform_names(cases) -> None:
    """Set platform_names ("A, B") on each case of a page: one query of names, no Platform instance per row."""
    cases = list(cases)
    names: dict = {}
    if cases:
        rows = Case.platforms.through.objects.filter(case_id__in=[case.pk for case in cases]).order_by("pk")
        for case_id, name in rows.values_list("case_id", "platform__name"):
            names.setdefault(case_id, []).append(name)
    for case in cases:
        case.platform_names = ", ".join(names.get(case.pk, ()))


def _links(cases, through) -> dict:
    """{case id: [ids it links to]} from a many-to-many table of Case, for these cases only, in table order."""
    own, other = [f for f in through._meta.get_fields() if f.many_to_one]
    if own.related_model is not Case or (other.related_model is Case and own.name.startswith("to_")):
        own, other = other, own
    out: dict = {}
    if cases:
        rows = through.objects.filter(**{f"{own.attname}__in": [case.pk for case in cases]}).order_by("pk")
        for case_id, target in rows.values_list(own.attname, other.attname):
            out.setdefault(case_id, []).append(target)
    return out

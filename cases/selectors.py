"""Reads of cases and their records, always for a viewer and through the policy."""

from django.db.models import Prefetch, Q

from cases.models import CHILD_MODELS, Advert, AdvertCodeWordHit, Case
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
            from cases.models import Person

            qs = qs.prefetch_related(
                Prefetch("defendants", queryset=Person.objects.visible_to(viewer), to_attr="visible_defendants")
            )
        rows = [redact(viewer, obj) for obj in qs.order_by("created_at", "id")]
        if model.__name__ == "Prosecution":
            for row in rows:
                row.visible_defendants = [redact(viewer, p) for p in row.visible_defendants]
        out[model._meta.model_name] = rows
    return out


def adverts_using(*, viewer, code_word_ids):
    """Adverts the viewer may see that hold one of these code words (themselves visible): an indexed join."""
    visible_words = CodeWord.objects.visible_to(viewer).filter(pk__in=code_word_ids).values("pk")
    hit_adverts = AdvertCodeWordHit.objects.filter(code_word__in=visible_words).values("advert_id")
    return Advert.objects.visible_to(viewer).filter(pk__in=hit_adverts)

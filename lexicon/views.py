"""Lexicon pages: code words (list, detail, create, edit), the scan page and the export for filter systems."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from lexicon.exports import codewords_response, export_record, scan_results_csv
from lexicon.forms import CodeWordFilterForm, CodeWordForm, ScanForm, TaxonFilterForm
from lexicon.models import CitesCode, CodeKind, CodeWord, Taxon
from lexicon.policies import receives_releasable_only
from lexicon.scanning import pattern_variants, scan_texts, segments
from lexicon.selectors import codeword_list, export_rows
from lexicon.services import codeword_create, codeword_update
from portal.access.models import TLP_ORDER
from portal.access.policy import redact_all, vetted_membership
from portal.access.registry import policy_for
from portal.access.views import PolicyCreateView, PolicyDetailView, PolicyListView, PolicyUpdateView
from portal.audit.services import audit


class CodeWordListView(PolicyListView):
    model = CodeWord
    template_name = "lexicon/codeword_list.html"
    ordering = ("term", "id")

    def get_queryset(self):
        self.filter_form = CodeWordFilterForm(self.request.GET or None)
        return codeword_list(viewer=self.request.user, filters=self.filter_form.filters()).order_by(*self.ordering)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form, releasable_only=receives_releasable_only(self.request.user), **kwargs
        )


class CodeWordDetailView(PolicyDetailView):
    model = CodeWord
    template_name = "lexicon/codeword_detail.html"
    select_related = ("owner_org", "taxon", "term_code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        revisions = self.object.revisions.select_related("actor_org")[:50]
        context["revisions"] = policy_for(CodeWord).history(self.request.user, self.object, revisions)
        context["patterns"] = sorted(pattern_variants(self.object.term))
        return context


class CodeWordCreateView(PolicyCreateView):
    model = CodeWord
    form_class = CodeWordForm
    template_name = "lexicon/codeword_form.html"

    def create_record(self, data, spaces):
        return codeword_create(actor=self.request.user, data=data, spaces=spaces)


class CodeWordUpdateView(PolicyUpdateView):
    model = CodeWord
    form_class = CodeWordForm
    template_name = "lexicon/codeword_form.html"

    def update_record(self, data, spaces, expected_version):
        return codeword_update(
            actor=self.request.user,
            obj=self.object,
            data=data,
            spaces=spaces,
            expected_version=expected_version,
        )


@login_required
def scan(request):
    """Paste a text (or pass ?text=) or upload listings; hits highlighted, downloadable as CSV."""
    if request.method == "POST":
        form = ScanForm(request.POST, request.FILES)
    elif "text" in request.GET:
        form = ScanForm(request.GET)
    else:
        form = ScanForm()
    context = {"form": form, "releasable_only": receives_releasable_only(request.user)}
    if form.is_bound and form.is_valid():
        listings = form.listings()
        results = scan_texts(request.user, [row["text"] for row in listings])
        if request.POST.get("format") == "csv" or request.GET.get("format") == "csv":
            return scan_results_csv(listings, results)
        context["rows"] = [
            {"number": n, "listing": listing, "result": result, "segments": segments(result)}
            for n, (listing, result) in enumerate(zip(listings, results, strict=True), start=1)
        ]
        context["with_hits"] = sum(1 for r in results if r.hits)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "lexicon/scan.html", context, status=status)


@login_required
def export(request, fmt: str):
    """The lexicon the user may see (platforms: the releasable part) for filter systems, with its TLP."""
    max_tlp = request.GET.get("max_tlp") or None
    if max_tlp is not None and max_tlp not in TLP_ORDER:
        return HttpResponseBadRequest(_("max_tlp: choose one of %s.") % ", ".join(TLP_ORDER))
    rows, tlp = export_rows(viewer=request.user, max_tlp=max_tlp)
    rows = redact_all(request.user, rows)
    records = [export_record(obj) for obj in rows]
    audit(
        actor=request.user,
        action="lexicon.export",
        detail={"format": fmt, "count": len(records), "tlp": tlp, "max_tlp": max_tlp},
    )
    return codewords_response(records, tlp=tlp, fmt=fmt, releasable_only=receives_releasable_only(request.user))


def _vetted_member(request) -> None:
    """Taxa are reference data, read by vetted members as in the API."""
    if vetted_membership(request.user) is None:
        raise PermissionDenied


@login_required
def taxon_list(request):
    """The taxa of the lexicon with their CITES listing, searchable by scientific or common name."""
    _vetted_member(request)
    form = TaxonFilterForm(request.GET or None)
    taxa = Taxon.objects.order_by("scientific_name")
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        if text:
            # Common names live in a JSON object: its text form holds every name in every language, as
            # written on PostgreSQL and with JSON escapes ("\\u975e") on SQLite.
            escaped = json.dumps(text)[1:-1]
            taxa = taxa.annotate(names=Cast("common_names", TextField())).filter(
                Q(scientific_name__icontains=text) | Q(names__icontains=text) | Q(names__icontains=escaped)
            )
        if form.cleaned_data["appendix"]:
            taxa = taxa.filter(cites_appendix=form.cleaned_data["appendix"])
        if form.cleaned_data["rank"]:
            taxa = taxa.filter(rank=form.cleaned_data["rank"])
    page = Paginator(taxa, 50).get_page(request.GET.get("page"))
    codes = {kind: [] for kind, _label in CodeKind.choices}
    for code in CitesCode.objects.order_by("kind", "code"):
        codes[code.kind].append(code)
    return render(
        request,
        "lexicon/taxon_list.html",
        {
            "filter_form": form,
            "page_obj": page,
            "object_list": page.object_list,
            "codes": [(label, codes[kind]) for kind, label in CodeKind.choices],
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@login_required
def taxon_detail(request, pk: int):
    """One taxon: names, higher taxa, listing, and the code words for it that this user may see."""
    _vetted_member(request)
    taxon = get_object_or_404(Taxon, pk=pk)
    words = codeword_list(viewer=request.user, filters={"taxon": taxon.pk}).order_by("term", "id")
    return render(
        request,
        "lexicon/taxon_detail.html",
        {
            "taxon": taxon,
            "taxon_path": [
                name
                for name in (taxon.kingdom, taxon.phylum, taxon.class_name, taxon.order, taxon.family, taxon.genus)
                if name
            ],
            "common_names": sorted(taxon.common_names.items()) if isinstance(taxon.common_names, dict) else [],
            "code_words": redact_all(request.user, list(words[:200])),
            "code_word_count": words.count(),
        },
    )

"""STIX downloads from the pages: one case, code word or document, and the case and code word lists with the
filters the list page has. Records come from the apps' selectors and get_visible_or_404: hidden answers 404."""

import json

from django.http import Http404, HttpResponse

from cases.forms import CaseFilterForm
from cases.models import Case
from cases.selectors import case_list
from interchange.http import stix_download
from interchange.stix.extensions import EXTENSIONS, SCHEMA_DIR, schema_filename
from lexicon.forms import CodeWordFilterForm
from lexicon.models import CodeWord
from lexicon.selectors import codeword_list
from portal.access.policy import get_visible_or_404
from portal.filters import filters_refused
from portal.library.models import Document


def case_bundle(request, pk: int):
    case = get_visible_or_404(Case, request.user, pk=pk)
    cases = case_list(viewer=request.user).filter(pk=case.pk)
    return stix_download(request.user, filename=f"case-{case.pk}.stix.json", scope="case", obj=case, cases=cases)


def case_list_bundle(request):
    """The case list as the list page filters it; a bad filter is refused, never dropped."""
    form = CaseFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return filters_refused(form)
    cases = case_list(viewer=request.user, filters=form.cleaned_data if form.is_bound else {})
    return stix_download(
        request.user, filename="cases.stix.json", scope="cases", filters=request.GET.urlencode(), cases=cases
    )


def codeword_bundle(request, pk: int):
    word = get_visible_or_404(CodeWord, request.user, pk=pk)
    words = codeword_list(viewer=request.user).filter(pk=word.pk)
    return stix_download(
        request.user, filename=f"codeword-{word.pk}.stix.json", scope="codeword", obj=word, codewords=words
    )


def codeword_list_bundle(request):
    """The code word list as the list page filters it (and orders it)."""
    form = CodeWordFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return filters_refused(form)
    words = codeword_list(viewer=request.user, filters=form.filters()).order_by("term", "id")
    return stix_download(
        request.user,
        filename="codewords.stix.json",
        scope="codewords",
        filters=request.GET.urlencode(),
        codewords=words,
    )


def document_bundle(request, pk: int):
    document = get_visible_or_404(Document, request.user, pk=pk)
    documents = Document.objects.visible_to(request.user).filter(pk=document.pk).select_related("owner_org")
    return stix_download(
        request.user, filename=f"document-{document.pk}.stix.json", scope="document", obj=document, documents=documents
    )


def schema(request, extension_id: str):
    """The JSON schema of one of the portal's extensions, as its extension definition names it: no records."""
    if extension_id not in EXTENSIONS:
        raise Http404("No such extension")
    with open(SCHEMA_DIR / schema_filename(extension_id), encoding="utf-8") as handle:
        body = json.load(handle)
    return HttpResponse(json.dumps(body, indent=2), content_type="application/schema+json")

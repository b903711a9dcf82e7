"""Lexicon API: code words (through the policy), taxa and CITES codes (reference data), and the scanner."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.response import Response

from lexicon.api.filters import CodeWordFilter, TaxonFilter
from lexicon.api.serializers import CodeWordSerializer, ScanRequestSerializer, TaxonSerializer
from lexicon.models import CodeWord, Taxon
from lexicon.policies import receives_releasable_only
from lexicon.scanning import scan_texts
from lexicon.services import codeword_create, codeword_update
from portal.access.models import TLP, most_restricted_tlp
from portal.access.viewsets import ShareableViewSet, VettedReadOnly
from portal.accounts.throttling import ScopedThrottle


class CodeWordViewSet(ShareableViewSet):
    queryset = CodeWord.objects.all()
    serializer_class = CodeWordSerializer
    filterset_class = CodeWordFilter
    select_related = ("owner_org", "taxon", "term_code")

    m2m = ()  # the services take every field, links included

    def create_record(self, *, data, spaces, m2m):
        return codeword_create(actor=self.request.user, data=data, spaces=spaces)

    def update_record(self, instance, *, data, spaces, m2m, version):
        return codeword_update(
            actor=self.request.user, obj=instance, data=data, spaces=spaces, expected_version=version
        )


class TaxonViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Taxon.objects.all().order_by("scientific_name")
    serializer_class = TaxonSerializer
    filterset_class = TaxonFilter
    permission_classes = [VettedReadOnly]


class ScanPermission(permissions.BasePermission):
    """Anyone may scan against what they may see (visitors: public code words); POST needs a signed-in caller."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or request.user.is_authenticated


def _scan_response(request, texts):
    results = scan_texts(request.user, texts)
    tlps = [hit.entry.tlp for result in results for hit in result.hits]
    return Response(
        {
            "releasable_only": receives_releasable_only(request.user),
            "tlp": TLP(most_restricted_tlp(tlps)).label,
            "results": [
                {
                    "index": index,
                    "score": result.score,
                    "hits": [
                        {
                            "start": hit.start,
                            "end": hit.end,
                            "matched": hit.matched,
                            "code_word": hit.entry.code_word_id,
                            "term": hit.entry.term,
                            "meaning": hit.entry.gloss,
                            "taxon": hit.entry.taxon,
                            "term_code": hit.entry.term_code,
                            "confidence": hit.entry.confidence,
                            "tlp": TLP(hit.entry.tlp).label,
                        }
                        for hit in result.hits
                    ],
                }
                for index, result in enumerate(results)
            ],
        }
    )


class ScanViewSet(viewsets.ViewSet):
    """Scan up to 1,000 texts for code words, using only those the caller may see (platforms: releasable).

    Throttled per user (a token's user) or, for visitors, per address: the "scan" rate, SCAN_RATE."""

    permission_classes = [ScanPermission]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "scan"
    serializer_class = ScanRequestSerializer

    @extend_schema(request=ScanRequestSerializer)
    def create(self, request):
        serializer = ScanRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _scan_response(request, serializer.validated_data["texts"])

    def list(self, request):
        """GET ?text=...&text=...: the same scan for a few short texts."""
        serializer = ScanRequestSerializer(data={"texts": request.query_params.getlist("text")})
        serializer.is_valid(raise_exception=True)
        return _scan_response(request, serializer.validated_data["texts"])

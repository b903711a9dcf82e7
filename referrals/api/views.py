"""Referral API: the owner's read-only view through the policy, and the platform's queue with answers."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.access.viewsets import ShareableViewSet, answer_service_errors
from referrals.api.serializers import AnswerSerializer, QueueRowSerializer, ReferralSerializer
from referrals.models import Referral
from referrals.selectors import queue_row_or_none, referral_queue_for
from referrals.services import referral_answer


class ReferralViewSet(ShareableViewSet):
    queryset = Referral.objects.all()
    serializer_class = ReferralSerializer
    http_method_names = ["get", "head", "options"]
    select_related = ("owner_org", "platform")
    ordering = ("-sent_at", "-id")
    filterset_fields = ("state", "platform", "requested_action")


class ReferralQueueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Referrals to the caller's platform (token or session): list, one, and answer. Others answer 404."""

    serializer_class = QueueRowSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []
    queryset = Referral.objects.none()

    def get_queryset(self):
        return referral_queue_for(self.request.user)

    def get_object(self):
        row = queue_row_or_none(self.request.user, self.kwargs.get("pk"))
        if row is None:
            raise Http404("No such record")
        return row

    @extend_schema(request=AnswerSerializer, responses=QueueRowSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer_service_errors(lambda: referral_answer(actor=request.user, pk=pk, **serializer.validated_data))
        return Response(QueueRowSerializer(self.get_object()).data)

from rest_framework import serializers

from portal.access.viewsets import ShareableSerializer
from referrals.models import PLATFORM_ANSWERS, Referral, ReferralState, RequestedAction


class ReferralSerializer(ShareableSerializer):
    """The referring organisation's view of a referral (read-only: referrals are sent from the pages)."""

    platform = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Referral
        fields = (
            *ShareableSerializer.marking_fields,
            "platform", "url", "listing_id", "reason", "legal_basis", "requested_action", "state", "batch",
            "sent_at", "answered_at", "removed_at", "relisted_at", "platform_note",
        )  # fmt: skip
        read_only_fields = fields


class QueueRowSerializer(serializers.Serializer):
    """What a platform sees of a referral to it: no advert text, seller, case or referring officer."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    listing_id = serializers.CharField()
    reason = serializers.CharField()
    legal_basis = serializers.CharField()
    requested_action = serializers.ChoiceField(choices=RequestedAction.choices)
    state = serializers.ChoiceField(choices=ReferralState.choices)
    sent_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    removed_at = serializers.DateTimeField(allow_null=True)
    platform_note = serializers.CharField()
    tlp = serializers.CharField()
    platform = serializers.CharField(source="platform__name")
    referring_organisation = serializers.CharField(source="owner_org__name")


class AnswerSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=[(s.value, s.label) for s in ReferralState if s in PLATFORM_ANSWERS])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from portal.access.viewsets import ShareableSerializer
from portal.bulletins.models import Bulletin


class BulletinSerializer(ShareableSerializer):
    countries = serializers.ListField(child=CountryField(), required=False)
    links = serializers.ListField(child=serializers.URLField(), required=False)

    class Meta:
        model = Bulletin
        fields = (
            *ShareableSerializer.marking_fields,
            "title",
            "body",
            "links",
            "countries",
            "persons_of_interest",
            "expires_on",
        )
        read_only_fields = ("created_at", "updated_at")

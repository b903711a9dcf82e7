from portal.access.viewsets import ShareableViewSet
from portal.bulletins.api.filters import BulletinFilter
from portal.bulletins.api.serializers import BulletinSerializer
from portal.bulletins.models import Bulletin


class BulletinViewSet(ShareableViewSet):
    queryset = Bulletin.objects.all()
    serializer_class = BulletinSerializer
    filterset_class = BulletinFilter

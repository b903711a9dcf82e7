from django.contrib import admin

from portal.access.admin import ShareableAdmin, site
from portal.bulletins.models import Bulletin


@admin.register(Bulletin, site=site)
class BulletinAdmin(ShareableAdmin):
    search_fields = ("title",)

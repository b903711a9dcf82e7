from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "portal.bulletins"
    label = "bulletins"
    verbose_name = "Bulletins"

    def ready(self):
        # Imported here, not at the top: an app's models load only once the app registry is ready.
        from portal.access.registry import register_shareable
        from portal.bulletins.demo import seed_bulletins
        from portal.bulletins.models import Bulletin, BulletinGroupGrant, BulletinUserGrant
        from portal.demo import register_seeder
        from portal.menu import register_menu
        from portal.search.registry import register_search_source

        register_shareable(Bulletin, user_grants=BulletinUserGrant, group_grants=BulletinGroupGrant)
        register_search_source(
            Bulletin, fields=("title", "body", "links"), title="title", snippet="body", country_field="countries"
        )
        register_seeder(10, "bulletins", seed_bulletins)
        register_menu(10, _("Bulletins"), "bulletins:list")

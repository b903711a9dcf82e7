from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "portal.bulletins"
    label = "bulletins"
    verbose_name = "Bulletins"

    def ready(self):
        from portal.access.registry import register_shareable
        from portal.bulletins.demo import seed_bulletins
        from portal.bulletins.models import Bulletin, BulletinGroupGrant, BulletinUserGrant
        from portal.demo import register_seeder
        from portal.search.registry import register_search_source

        register_shareable(Bulletin, user_grants=BulletinUserGrant, group_grants=BulletinGroupGrant)
        register_search_source(
            Bulletin, fields=("title", "body", "links"), title="title", snippet="body", country_field="countries"
        )
        register_seeder(10, "bulletins", seed_bulletins)

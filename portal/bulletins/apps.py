from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "portal.bulletins"
    label = "bulletins"
    verbose_name = "Bulletins"

    def ready(self):
        from portal.access.registry import SweepPath, exempt_urls, register_paths, register_shareable
        from portal.bulletins.demo import seed_bulletins
        from portal.bulletins.models import Bulletin, BulletinGroupGrant, BulletinUserGrant
        from portal.demo import register_seeder
        from portal.search.registry import register_search_source

        register_shareable(Bulletin, user_grants=BulletinUserGrant, group_grants=BulletinGroupGrant)
        register_search_source(
            Bulletin, fields=("title", "body", "links"), title="title", snippet="body", country_field="countries"
        )
        register_seeder(10, "bulletins", seed_bulletins)
        by_pk = lambda obj: {"pk": obj.pk}  # noqa: E731
        register_paths(
            SweepPath("bulletins:list", Bulletin, "list"),
            SweepPath("bulletins:detail", Bulletin, "detail", url_kwargs=by_pk),
            SweepPath("bulletins:edit", Bulletin, "detail", url_kwargs=by_pk, method="edit"),
            SweepPath(
                "access:share",
                Bulletin,
                "detail",
                url_kwargs=lambda o: {"label": "bulletins.bulletin", "pk": o.pk},
                method="edit",
            ),
            SweepPath("api:bulletin-list", Bulletin, "list"),
            SweepPath("orgs:space-detail", Bulletin, "list", url_kwargs=lambda world: {"pk": world.space.pk}),
            SweepPath("api:bulletin-detail", Bulletin, "detail", url_kwargs=by_pk),
            SweepPath("admin:bulletins_bulletin_changelist", Bulletin, "list", staff_only=True),
            SweepPath(
                "admin:bulletins_bulletin_change",
                Bulletin,
                "detail",
                url_kwargs=lambda o: {"object_id": o.pk},
                staff_only=True,
            ),
            SweepPath(
                "admin:bulletins_bulletin_history",
                Bulletin,
                "detail",
                url_kwargs=lambda o: {"object_id": o.pk},
                staff_only=True,
            ),
        )
        exempt_urls(
            "admin add and delete are for superusers only",
            "admin:bulletins_bulletin_add",
            "admin:bulletins_bulletin_delete",
        )

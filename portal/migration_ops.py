"""Operations the apps' migrations share: moving a model to another app while its table stays where it is, and
giving each existing row its own new UUID."""

import uuid

from django.db import migrations


def move_content_types(old_app: str, new_app: str, models: tuple[str, ...]) -> migrations.RunPython:
    """Give the content types of models that moved from old_app to new_app the new app label, so that what
    points at them (permissions, guardian grants, generic references) follows. A database migrated from
    scratch has none yet: they are made after the last migration, under the new label."""

    def relabel(apps, schema_editor, source=old_app, target=new_app):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
        for model in models:
            if not content_types.filter(app_label=target, model=model).exists():
                content_types.filter(app_label=source, model=model).update(app_label=target)

    def relabel_back(apps, schema_editor):
        relabel(apps, schema_editor, source=new_app, target=old_app)

    return migrations.RunPython(relabel, relabel_back)


def fill_uuids(app_label: str, models: tuple[str, ...], field: str) -> migrations.RunPython:
    """Give each existing row of the models its own UUID in field (a default on AddField is computed once for the
    whole table, so every row would share one)."""

    def fill(apps, schema_editor):
        for name in models:
            model = apps.get_model(app_label, name)
            rows = model._default_manager  # a migration's model: a plain manager, no policy
            todo = list(rows.filter(**{f"{field}__isnull": True}).only("pk"))
            for row in todo:
                setattr(row, field, uuid.uuid4())
            rows.bulk_update(todo, [field], batch_size=500)

    return migrations.RunPython(fill, migrations.RunPython.noop)

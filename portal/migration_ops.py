"""An operation for the migrations that move a model to another app while its table stays where it is."""

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

from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "interchange"
    verbose_name = "Interchange"
    default_auto_field = "django.db.models.BigAutoField"

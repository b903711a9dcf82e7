from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "portal.orgs"
    label = "orgs"
    verbose_name = "Organisations and people"

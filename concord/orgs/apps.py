from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "concord.orgs"
    label = "orgs"

from django.apps import AppConfig


class AlliancesConfig(AppConfig):
    name = "concord.alliances"
    label = "alliances"

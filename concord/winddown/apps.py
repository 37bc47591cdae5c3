from django.apps import AppConfig


class WinddownConfig(AppConfig):
    name = "concord.winddown"
    label = "winddown"
    verbose_name = "Wind-down"

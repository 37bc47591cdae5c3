from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Concord core"
    name = "concord.core"
    label = "core"

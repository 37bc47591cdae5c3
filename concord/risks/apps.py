from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "concord.risks"
    label = "risks"
    verbose_name = "Risk register"

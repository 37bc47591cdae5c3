from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "concord.research"
    label = "research"
    verbose_name = "Federated research"

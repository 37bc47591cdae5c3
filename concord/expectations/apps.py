from django.apps import AppConfig


class ExpectationsConfig(AppConfig):
    name = "concord.expectations"
    label = "expectations"
    verbose_name = "Expectations and learning"

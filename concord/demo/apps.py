from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo story; it sits on top of every capability and none of them imports it."""

    verbose_name = "Concord demo"
    name = "concord.demo"
    label = "demo"

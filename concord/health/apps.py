from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HealthConfig(AppConfig):
    name = "concord.health"
    label = "health"
    verbose_name = "Pulse and health checks"

    def ready(self) -> None:
        from concord.core import sections
        from concord.core.signals import achievement
        from concord.health import receivers, views

        sections.register_alliance_tab("Health", "health:alliance-health", order=40)
        sections.register_alliance_panel(views.overview_panel, order=40)
        achievement.connect(receivers.celebrate, dispatch_uid="health.celebrate")
        post_migrate.connect(_builtins, sender=self, dispatch_uid="health.builtins")


def _builtins(**kwargs: Any) -> None:
    """The built-in instruments exist after every migrate (and every test-database flush)."""
    from concord.health.services import builtin_instruments_ensure

    if kwargs.get("plan") is not None or kwargs.get("using", "default") == "default":
        builtin_instruments_ensure()

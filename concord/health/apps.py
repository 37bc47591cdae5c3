from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HealthConfig(AppConfig):
    name = "concord.health"
    label = "health"
    verbose_name = "Pulse and health checks"

    def ready(self) -> None:
        # What health plugs into core is declared in extensions.py; this is its own data.
        post_migrate.connect(_builtins, sender=self, dispatch_uid="health.builtins")


def _builtins(**kwargs: Any) -> None:
    """The built-in instruments exist after every migrate (and every test-database flush)."""
    from concord.health.services import builtin_instruments_ensure

    if kwargs.get("plan") is not None or kwargs.get("using", "default") == "default":
        builtin_instruments_ensure()

from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Concord core"
    name = "concord.core"
    label = "core"

    def ready(self) -> None:
        """Take in what every app declares in its extensions.py (see core/extensions.py)."""
        from concord.core.extensions import autodiscover

        autodiscover()

from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "concord.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        """Join the alliance page, the calendar feed and the pulse's early warnings."""
        from concord.core.calendar import register_calendar_source
        from concord.core.sections import register_alliance_panel, register_alliance_tab
        from concord.core.signals import early_warning
        from concord.governance import ics, receivers

        register_alliance_tab("Governance", "governance:alliance-governance", order=10)
        register_alliance_panel(receivers.overview_panel, order=10)
        register_calendar_source(ics.governance_entries)
        early_warning.connect(receivers.on_early_warning, dispatch_uid="governance.early_warning")

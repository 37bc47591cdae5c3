from django.apps import AppConfig


class ExpectationsConfig(AppConfig):
    name = "concord.expectations"
    label = "expectations"
    verbose_name = "Expectations and learning"

    def ready(self) -> None:
        from concord.core.calendar import register_calendar_source
        from concord.core.sections import register_alliance_panel, register_alliance_tab
        from concord.expectations import sections

        register_alliance_tab("Commitments", "expectations:commitment-list", order=20)
        register_alliance_tab("Scorecard", "expectations:scorecard", order=21)
        register_alliance_tab("Learning plan", "expectations:learning-plan", order=25)
        register_alliance_panel(sections.overview_panel, order=20)
        register_alliance_panel(sections.gate_panel, order=20, place="gate")
        register_calendar_source(sections.commitment_calendar)

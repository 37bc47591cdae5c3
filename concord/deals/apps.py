from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "concord.deals"
    label = "deals"
    verbose_name = "Deal terms and the fairness ledger"

    def ready(self) -> None:
        from concord.core.calendar import register_calendar_source
        from concord.core.sections import register_alliance_panel, register_alliance_tab
        from concord.deals.sections import money_panel, payment_calendar

        register_alliance_tab("Deal & money", "deals:alliance-money", order=30)
        register_alliance_panel(money_panel, order=30)
        register_calendar_source(payment_calendar)

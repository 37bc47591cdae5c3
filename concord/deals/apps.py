from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "concord.deals"
    label = "deals"
    verbose_name = "Deal terms and the fairness ledger"

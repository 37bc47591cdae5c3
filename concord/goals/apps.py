from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "concord.goals"
    label = "goals"
    verbose_name = "Goals, benefits and KPIs"

"""Goals pages: the alliance's goals, benefits and KPIs, and each KPI's trend."""

from django.urls import path

from concord.goals import views

app_name = "goals"

urlpatterns = [
    path("alliances/<int:pk>/goals/", views.AllianceGoalsView.as_view(), name="alliance-goals"),
    path("alliances/<int:pk>/kpi-panel/", views.KpiPanelView.as_view(), name="kpi-panel"),
    path("alliances/<int:pk>/goals/new/", views.GoalCreateView.as_view(), name="goal-create"),
    path(
        "alliances/<int:pk>/benefits/new/", views.BenefitCreateView.as_view(), name="benefit-create"
    ),
    path("goals/<int:pk>/", views.GoalDetailView.as_view(), name="goal-detail"),
    path("goals/<int:pk>/change/", views.GoalChangeView.as_view(), name="goal-change"),
    path("goals/<int:pk>/kpis/new/", views.KpiCreateView.as_view(), name="kpi-create"),
    path("goal-versions/<int:pk>/agree/", views.VersionAgreeView.as_view(), name="version-agree"),
    path(
        "goal-versions/<int:pk>/reject/", views.VersionRejectView.as_view(), name="version-reject"
    ),
    path(
        "gates/<int:pk>/goals-review/",
        views.GateGoalsReviewView.as_view(),
        name="gate-review",
    ),
    path("kpis/<int:pk>/", views.KpiDetailView.as_view(), name="kpi-detail"),
    path(
        "kpis/<int:pk>/measurements/",
        views.MeasurementCreateView.as_view(),
        name="measurement-create",
    ),
]

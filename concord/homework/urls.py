"""Homework pages: private to the organisation that keeps them."""

from django.urls import path

from concord.homework import views

app_name = "homework"

urlpatterns = [
    path(
        "alliances/<int:pk>/homework/",
        views.AllianceHomeworkView.as_view(),
        name="alliance-homework",
    ),
    path("alliances/<int:pk>/homework/fit/new/", views.FitCreateView.as_view(), name="fit-create"),
    path(
        "alliances/<int:pk>/homework/partner/<slug:kind>/new/",
        views.FactCreateView.as_view(),
        name="fact-create",
    ),
    path(
        "homework/alerts/<int:pk>/resolve/",
        views.AlertResolveView.as_view(),
        name="alert-resolve",
    ),
    path("alliances/<int:pk>/stakeholders/", views.StakeholdersView.as_view(), name="stakeholders"),
    path(
        "alliances/<int:pk>/stakeholders.csv",
        views.StakeholdersCsvView.as_view(),
        name="stakeholders-csv",
    ),
    path(
        "alliances/<int:pk>/stakeholders/new/",
        views.StakeholderCreateView.as_view(),
        name="stakeholder-create",
    ),
    path(
        "stakeholders/<int:pk>/edit/",
        views.StakeholderUpdateView.as_view(),
        name="stakeholder-update",
    ),
    path(
        "stakeholders/<int:pk>/contact/",
        views.StakeholderContactView.as_view(),
        name="stakeholder-contact",
    ),
    path("alliances/<int:pk>/onboarding/", views.OnboardingView.as_view(), name="onboarding"),
    path(
        "alliances/<int:pk>/onboarding/steps/",
        views.OnboardingStepAddView.as_view(),
        name="onboarding-step-add",
    ),
    path("alliances/<int:pk>/briefing/", views.BriefingView.as_view(), name="briefing"),
    path("alliances/<int:pk>/briefing.pdf", views.BriefingPdfView.as_view(), name="briefing-pdf"),
]

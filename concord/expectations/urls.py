"""Expectations pages: commitments and deliveries, the reliability scorecard, the learning plan."""

from django.urls import path

from concord.expectations import views

app_name = "expectations"

urlpatterns = [
    path(
        "commitments/",
        views.PortfolioCommitmentListView.as_view(),
        name="portfolio-commitments",
    ),
    path(
        "commitments/export.csv",
        views.PortfolioCommitmentExportView.as_view(),
        name="portfolio-commitments-export",
    ),
    path(
        "alliances/<int:pk>/commitments/",
        views.CommitmentListView.as_view(),
        name="commitment-list",
    ),
    path(
        "alliances/<int:pk>/commitments/export.csv",
        views.CommitmentExportView.as_view(),
        name="commitment-export",
    ),
    path(
        "alliances/<int:pk>/commitments/new/",
        views.CommitmentCreateView.as_view(),
        name="commitment-create",
    ),
    path("alliances/<int:pk>/scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path("alliances/<int:pk>/learning/", views.LearningPlanView.as_view(), name="learning-plan"),
    path(
        "alliances/<int:pk>/learning/new/",
        views.ObjectiveCreateView.as_view(),
        name="objective-create",
    ),
    path("commitments/<int:pk>/", views.CommitmentDetailView.as_view(), name="commitment-detail"),
    path(
        "commitments/<int:pk>/edit/", views.CommitmentUpdateView.as_view(), name="commitment-update"
    ),
    path(
        "commitments/<int:pk>/deliver/",
        views.CommitmentDeliverView.as_view(),
        name="commitment-deliver",
    ),
    path(
        "commitments/<int:pk>/waive/", views.CommitmentWaiveView.as_view(), name="commitment-waive"
    ),
    path(
        "commitments/<int:pk>/dispute/",
        views.CommitmentDisputeView.as_view(),
        name="commitment-dispute",
    ),
    path("deliveries/<int:pk>/judge/", views.DeliveryJudgeView.as_view(), name="delivery-judge"),
    path(
        "commitment-disputes/<int:pk>/resolve/",
        views.DisputeResolveView.as_view(),
        name="dispute-resolve",
    ),
    path(
        "learning-objectives/<int:pk>/",
        views.ObjectiveDetailView.as_view(),
        name="objective-detail",
    ),
    path(
        "learning-objectives/<int:pk>/edit/",
        views.ObjectiveUpdateView.as_view(),
        name="objective-update",
    ),
    path(
        "learning-objectives/<int:pk>/reviews/",
        views.ReviewCreateView.as_view(),
        name="review-create",
    ),
]

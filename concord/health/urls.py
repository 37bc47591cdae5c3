"""Health pages: the alliance's Health tab, rounds and answers, the organisation-wide page and the
instrument library."""

from django.urls import path

from concord.health import views

app_name = "health"

urlpatterns = [
    path("health/", views.PortfolioHealthView.as_view(), name="portfolio"),
    path("health/export.csv", views.PortfolioExportView.as_view(), name="portfolio-export"),
    path("health/instruments/", views.InstrumentListView.as_view(), name="instrument-list"),
    path(
        "health/instruments/<int:pk>/",
        views.InstrumentDetailView.as_view(),
        name="instrument-detail",
    ),
    path(
        "health/instruments/<int:pk>/copy/",
        views.InstrumentCopyView.as_view(),
        name="instrument-copy",
    ),
    path(
        "health/instruments/<int:pk>/edit/",
        views.InstrumentUpdateView.as_view(),
        name="instrument-update",
    ),
    path("health/threshold/", views.ThresholdUpdateView.as_view(), name="threshold-update"),
    path("health/rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("health/rounds/<int:pk>/export.csv", views.RoundExportView.as_view(), name="round-export"),
    path("health/rounds/<int:pk>/answer/", views.RoundAnswerView.as_view(), name="round-answer"),
    # The one-click personal link from the invitation email; the token is the credential.
    path("health/answer/<str:token>/", views.AnswerView.as_view(), name="answer"),
    path("alliances/<int:pk>/health/", views.AllianceHealthView.as_view(), name="alliance-health"),
    path(
        "alliances/<int:pk>/health/cadence/",
        views.CadenceUpdateView.as_view(),
        name="cadence-update",
    ),
    path(
        "alliances/<int:pk>/health/rounds/new/",
        views.RoundStartView.as_view(),
        name="round-start",
    ),
    path("alliances/<int:pk>/health/kudos/", views.KudosCreateView.as_view(), name="kudos-create"),
]

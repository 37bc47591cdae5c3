"""Federated research pages."""

from django.urls import path

from concord.research import views

app_name = "research"

urlpatterns = [
    path("alliances/<int:pk>/studies/", views.StudyListView.as_view(), name="study-list"),
    path("alliances/<int:pk>/studies/new/", views.StudyCreateView.as_view(), name="study-create"),
    path("studies/<int:pk>/", views.StudyDetailView.as_view(), name="study-detail"),
    path("studies/<int:pk>/admit/", views.StudyAdmitView.as_view(), name="study-admit"),
    path(
        "studies/<int:pk>/coordinator-ca.pem",
        views.CoordinatorCaView.as_view(),
        name="coordinator-ca",
    ),
    path("studies/<int:pk>/withdraw/", views.StudyWithdrawView.as_view(), name="study-withdraw"),
    path("studies/<int:pk>/run/", views.RunStartView.as_view(), name="run-start"),
    path("studies/<int:pk>/results.csv", views.StudyExportView.as_view(), name="study-export"),
    path("study-runs/<int:pk>/model/", views.RunModelView.as_view(), name="run-model"),
    path("research/stewards/", views.StewardsView.as_view(), name="stewards"),
    path(
        "research/stewards/<int:pk>/remove/",
        views.StewardRemoveView.as_view(),
        name="steward-remove",
    ),
]

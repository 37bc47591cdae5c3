"""Risk register pages."""

from django.urls import path

from concord.risks import views

app_name = "risks"

urlpatterns = [
    path("alliances/<int:pk>/risks/", views.RegisterView.as_view(), name="register"),
    path("alliances/<int:pk>/risks/new/", views.RiskCreateView.as_view(), name="risk-create"),
    path("risks/<int:pk>/", views.RiskDetailView.as_view(), name="risk-detail"),
    path("risks/<int:pk>/edit/", views.RiskUpdateView.as_view(), name="risk-update"),
    path("risks/<int:pk>/review/", views.RiskReviewView.as_view(), name="risk-review"),
    path(
        "risks/<int:pk>/materialise/",
        views.RiskMaterialiseView.as_view(),
        name="risk-materialise",
    ),
    path("risks/<int:pk>/close/", views.RiskCloseView.as_view(), name="risk-close"),
]

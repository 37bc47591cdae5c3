from django.urls import path

from concord.alliances import views

app_name = "alliances"

urlpatterns = [
    path("alliances/<int:pk>/", views.alliance_detail, name="alliance-detail"),
]

"""Wind-down pages."""

from django.urls import path

from concord.winddown import views

app_name = "winddown"

urlpatterns = [
    path("alliances/<int:pk>/wind-down/", views.WindDownView.as_view(), name="overview"),
    path("alliances/<int:pk>/wind-down/start/", views.StartView.as_view(), name="start"),
    path("wind-downs/<int:pk>/items/new/", views.ItemAddView.as_view(), name="item-add"),
    path(
        "wind-downs/<int:pk>/obligations/new/",
        views.ObligationAddView.as_view(),
        name="obligation-add",
    ),
    path("wind-downs/<int:pk>/lessons/", views.LessonsView.as_view(), name="lessons"),
    path("wind-downs/<int:pk>/close/", views.CloseView.as_view(), name="close"),
    path(
        "wind-down-items/<int:pk>/complete/",
        views.ItemCompleteView.as_view(),
        name="item-complete",
    ),
    path("wind-down-items/<int:pk>/remove/", views.ItemRemoveView.as_view(), name="item-remove"),
]

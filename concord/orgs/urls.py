from django.urls import path

from concord.orgs import views

app_name = "orgs"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]

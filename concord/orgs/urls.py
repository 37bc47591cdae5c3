from django.urls import path

from concord.orgs import views, views_signin

app_name = "orgs"

urlpatterns = [
    # Takes the place of django.contrib.auth's login view (mounted later under the same path and
    # still reversed as "login"), so that people log in by email and deactivated members cannot.
    path("accounts/login/", views_signin.log_in, name="login"),
    path("signup/", views.signup, name="signup"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("organisation/", views.organisation_detail, name="organisation-detail"),
    path("organisation/invitations/", views.invitation_create, name="invitation-create"),
    path(
        "organisation/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("organisation/emails/", views.email_list, name="email-list"),
    path("organisation/emails/<int:pk>/resend/", views.email_resend, name="email-resend"),
    path("organisation/members/<int:pk>/", views.membership_update, name="membership-update"),
    path("organisation/sign-in/", views_signin.signin_settings, name="signin-settings"),
    path("organisation/sign-in/two-factor/", views_signin.security_update, name="security-update"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_create, name="token-create"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("profile/sessions/<int:pk>/end/", views_signin.session_end, name="session-end"),
]

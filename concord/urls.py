"""Concord's URL map: pages per app, the JSON API under /api/v1/, the admin for site staff."""

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from concord.api import api
from concord.orgs.views_signin import log_in

# allauth's flows mounted one by one (not allauth.urls): its OpenID Connect and SAML clients, its second
# factors, the pages its flows end on, and the names its code reverses, pointed at Concord's own
# sign-in and sign-out. Its signup, email and password pages stay unmounted: Concord has its own.
allauth_urls = [
    path("login/", log_in, name="account_login"),
    path("logout/", auth_views.LogoutView.as_view(), name="account_logout"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path(
        "social/login/cancelled/",
        social_views.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    path("social/login/error/", social_views.login_error, name="socialaccount_login_error"),
    path("social/signup/", social_views.signup, name="socialaccount_signup"),
    path("2fa/", include("allauth.mfa.urls")),
    path("", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("", include("allauth.socialaccount.providers.saml.urls")),
]

urlpatterns = [
    path("", include("concord.core.urls")),
    path("", include("concord.orgs.urls")),
    path("", include("concord.alliances.urls")),
    path("", include("concord.portal.urls")),
    path("", include("concord.governance.urls")),
    path("", include("concord.expectations.urls")),
    path("", include("concord.deals.urls")),
    path("", include("concord.health.urls")),
    path("", include("concord.documents.urls")),
    path("", include("concord.risks.urls")),
    path("", include("concord.goals.urls")),
    path("", include("concord.ip.urls")),
    path("", include("concord.winddown.urls")),
    path("", include("concord.homework.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include(allauth_urls)),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

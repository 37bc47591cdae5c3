"""Concord's URL map: pages per app, the JSON API under /api/v1/, the admin for site staff."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account import views as account_views
from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.saml.urls import urlpatterns as saml_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path

from concord.api import api
from concord.orgs.views_signin import log_in


def _with_host(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """python3-saml reads the Host header itself; a request without one (HTTP/1.0) gets the
    host Django validated (or a 400 for a foreign one) instead of a KeyError."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.META.setdefault("HTTP_HOST", request.get_host())
        return view(request, *args, **kwargs)

    return wrapped


# allauth's SAML routes, each view given a Host header as above.
saml_urls = [
    re_path(
        entry.pattern.regex.pattern,
        include([path(str(p.pattern), _with_host(p.callback), name=p.name) for p in inner]),
    )
    for entry in saml_patterns
    for inner in [entry.url_patterns]
]

# allauth's flows mounted one by one (not allauth.urls): its OpenID Connect and SAML clients,
# its second factors, the pages its flows end on, and the names its code reverses, pointed at
# Concord's own sign-in and sign-out. Its signup, email and password pages stay unmounted.
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
    path("", include(saml_urls)),
]

# The API first: its requests are most of the traffic, and each app's pages are mounted at the
# root, so a request for /api/v1/ listed after them was tried against every page route first.
urlpatterns = [
    path("api/v1/", api.urls),
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
    path("", include("concord.research.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include(allauth_urls)),
    path("admin/", admin.site.urls),
]

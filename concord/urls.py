"""Concord's URL map: pages per app, the JSON API under /api/v1/, the admin for site staff."""

from django.contrib import admin
from django.urls import include, path

from concord.api import api

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
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

"""Partnering portal pages: the public side (anyone) and the receiving team's side."""

from django.urls import path

from concord.portal import views_public, views_team

app_name = "portal"

urlpatterns = [
    # Public: anyone, with or without an account.
    path("partnering/<slug:slug>/", views_public.portal_page, name="public"),
    path("partnering/<slug:slug>/submit/", views_public.submit, name="submit"),
    path(
        "submissions/status/<str:token>/", views_public.submission_status, name="submission-status"
    ),
    path(
        "submissions/status/<str:token>/attachments/<int:pk>/",
        views_public.status_attachment,
        name="status-attachment",
    ),
    path("portal/sent/", views_public.sent_submissions, name="sent"),
    # The receiving team.
    path("portal/", views_team.queue, name="queue"),
    path("portal/assign/", views_team.assign, name="assign"),
    path("portal/submissions/<int:pk>/", views_team.submission_detail, name="submission-detail"),
    path("portal/submissions/<int:pk>/review/", views_team.review, name="submission-review"),
    path("portal/submissions/<int:pk>/message/", views_team.message, name="submission-message"),
    path("portal/submissions/<int:pk>/ask/", views_team.request_info, name="submission-ask"),
    path("portal/submissions/<int:pk>/decide/", views_team.decide, name="submission-decide"),
    path("portal/attachments/<int:pk>/", views_team.attachment, name="attachment"),
    path("portal/internal/new/", views_team.internal_create, name="internal-create"),
    path("portal/statistics/", views_team.statistics, name="statistics"),
    path("portal/settings/", views_team.portal_settings, name="settings"),
    path("portal/areas/new/", views_team.area_create, name="area-create"),
    path("portal/areas/<int:pk>/edit/", views_team.area_update, name="area-update"),
]

"""Partnering portal pages: the public side (anyone) and the receiving team's side."""

from django.urls import path

from concord.portal.views import public, team

app_name = "portal"

urlpatterns = [
    # Public: anyone, with or without an account.
    path("partnering/<slug:slug>/", public.portal_page, name="public"),
    path("partnering/<slug:slug>/submit/", public.submit, name="submit"),
    path("partnering/<slug:slug>/requests/<int:pk>/", public.request_page, name="request-public"),
    path(
        "partnering/<slug:slug>/requests/<int:pk>/respond/",
        public.request_respond,
        name="request-respond",
    ),
    path("submissions/status/<str:token>/", public.submission_status, name="submission-status"),
    path(
        "submissions/status/<str:token>/attachments/<int:pk>/",
        public.status_attachment,
        name="status-attachment",
    ),
    path("submissions/status/<str:token>/cda/", public.status_cda_sign, name="status-cda-sign"),
    path("portal/sent/", public.sent_submissions, name="sent"),
    # The receiving team.
    path("portal/", team.queue, name="queue"),
    path("portal/assign/", team.assign, name="assign"),
    path("portal/submissions/<int:pk>/", team.submission_detail, name="submission-detail"),
    path("portal/submissions/<int:pk>/review/", team.review, name="submission-review"),
    path("portal/submissions/<int:pk>/message/", team.message, name="submission-message"),
    path("portal/submissions/<int:pk>/ask/", team.request_info, name="submission-ask"),
    path("portal/submissions/<int:pk>/decide/", team.decide, name="submission-decide"),
    path("portal/submissions/<int:pk>/stage/", team.stage, name="submission-stage"),
    path("portal/submissions/<int:pk>/cda/", team.cda_sign, name="submission-cda-sign"),
    path("portal/stages/<int:pk>/correct/", team.stage_correct, name="stage-correct"),
    path("portal/attachments/<int:pk>/", team.attachment, name="attachment"),
    path("portal/internal/new/", team.internal_create, name="internal-create"),
    path("portal/statistics/", team.statistics, name="statistics"),
    path("portal/funnel/", team.funnel, name="funnel"),
    path("portal/settings/", team.portal_settings, name="settings"),
    path("portal/settings/letters/", team.decline_letters, name="decline-letters"),
    path("portal/requests/", team.requests, name="requests"),
    path("portal/requests/new/", team.request_create, name="request-create"),
    path("portal/requests/<int:pk>/edit/", team.request_update, name="request-update"),
    path("portal/areas/new/", team.area_create, name="area-create"),
    path("portal/areas/<int:pk>/edit/", team.area_update, name="area-update"),
]

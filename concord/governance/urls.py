"""Governance pages: an alliance's committees, meetings, decisions, actions, concerns,
escalations and operating model, and each person's calendar."""

from django.urls import path

from concord.governance import views

app_name = "governance"

A = "alliances/<int:pk>/governance"

urlpatterns = [
    path(f"{A}/", views.AllianceGovernanceView.as_view(), name="alliance-governance"),
    path(f"{A}/committees/new/", views.CommitteeCreateView.as_view(), name="committee-create"),
    path(f"{A}/decisions/", views.DecisionLogView.as_view(), name="decision-log"),
    path(f"{A}/decisions.csv", views.DecisionExportView.as_view(), name="decision-export"),
    path(f"{A}/actions/", views.ActionListView.as_view(), name="action-list"),
    path(f"{A}/actions/new/", views.ActionCreateView.as_view(), name="action-create"),
    path(f"{A}/concerns/", views.ConcernListView.as_view(), name="concern-list"),
    path(f"{A}/concerns/new/", views.ConcernCreateView.as_view(), name="concern-create"),
    path(f"{A}/escalations/", views.EscalationListView.as_view(), name="escalation-list"),
    path(f"{A}/escalations/new/", views.EscalationCreateView.as_view(), name="escalation-create"),
    path(f"{A}/operating-model/", views.OperatingModelView.as_view(), name="operating-model"),
    path(
        f"{A}/operating-model.<str:fmt>",
        views.OperatingModelDownloadView.as_view(),
        name="operating-model-download",
    ),
    path(f"{A}/workstreams/", views.WorkstreamSaveView.as_view(), name="workstream-create"),
    path("committees/<int:pk>/", views.CommitteeDetailView.as_view(), name="committee-detail"),
    path("committees/<int:pk>/edit/", views.CommitteeUpdateView.as_view(), name="committee-update"),
    path("committees/<int:pk>/members/", views.MemberAddView.as_view(), name="member-add"),
    path(
        "committees/<int:pk>/charter/", views.CharterProposeView.as_view(), name="charter-propose"
    ),
    path(
        "committees/<int:pk>/charter/carve-outs/",
        views.CharterCarveOutsView.as_view(),
        name="charter-carve-outs",
    ),
    path(
        "committees/<int:pk>/meetings/new/",
        views.MeetingCreateView.as_view(),
        name="meeting-create",
    ),
    path(
        "committees/<int:pk>/written-consent/",
        views.WrittenConsentView.as_view(),
        name="written-consent",
    ),
    path(
        "committee-members/<int:pk>/remove/", views.MemberRemoveView.as_view(), name="member-remove"
    ),
    path("charters/<int:pk>/", views.CharterDetailView.as_view(), name="charter-detail"),
    path("charters/<int:pk>/approve/", views.CharterApproveView.as_view(), name="charter-approve"),
    path("charters/<int:pk>/reject/", views.CharterRejectView.as_view(), name="charter-reject"),
    path(
        "charters/<int:pk>/withdraw/", views.CharterWithdrawView.as_view(), name="charter-withdraw"
    ),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting-update"),
    path("meetings/<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="meeting-cancel"),
    path("meetings/<int:pk>/agenda/", views.AgendaItemAddView.as_view(), name="agenda-item-add"),
    path("meetings/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path(
        "meetings/<int:pk>/decisions/", views.DecisionRecordView.as_view(), name="decision-record"
    ),
    path("meetings/<int:pk>/defer/", views.DecisionDeferView.as_view(), name="decision-defer"),
    path("meetings/<int:pk>/minutes/", views.MinutesSaveView.as_view(), name="minutes-save"),
    path("meetings/<int:pk>/pack.pdf", views.MeetingPackView.as_view(), name="meeting-pack"),
    path(
        "agenda-items/<int:pk>/remove/",
        views.AgendaItemRemoveView.as_view(),
        name="agenda-item-remove",
    ),
    path(
        "agenda-items/<int:pk>/category-dispute/",
        views.AgendaItemCategoryDisputeView.as_view(),
        name="agenda-item-category-dispute",
    ),
    path("minutes/<int:pk>/", views.MinutesDetailView.as_view(), name="minutes-detail"),
    path(
        "minutes/<int:pk>/circulate/",
        views.MinutesCirculateView.as_view(),
        name="minutes-circulate",
    ),
    path("minutes/<int:pk>/comment/", views.MinutesCommentView.as_view(), name="minutes-comment"),
    path("minutes/<int:pk>/approve/", views.MinutesApproveView.as_view(), name="minutes-approve"),
    path("minutes/<int:pk>/correct/", views.MinutesCorrectView.as_view(), name="minutes-correct"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision-detail"),
    path("decisions/<int:pk>/vote/", views.DecisionVoteView.as_view(), name="decision-vote"),
    path("actions/<int:pk>/status/", views.ActionStatusView.as_view(), name="action-status"),
    path("concerns/<int:pk>/", views.ConcernDetailView.as_view(), name="concern-detail"),
    path("concerns/<int:pk>/share/", views.ConcernShareView.as_view(), name="concern-share"),
    path("concerns/<int:pk>/agenda/", views.ConcernAgendaView.as_view(), name="concern-agenda"),
    path("concerns/<int:pk>/resolve/", views.ConcernResolveView.as_view(), name="concern-resolve"),
    path("escalations/<int:pk>/", views.EscalationDetailView.as_view(), name="escalation-detail"),
    path(
        "escalations/<int:pk>/agenda/",
        views.EscalationAgendaView.as_view(),
        name="escalation-agenda",
    ),
    path(
        "escalations/<int:pk>/advance/",
        views.EscalationAdvanceView.as_view(),
        name="escalation-advance",
    ),
    path(
        "escalations/<int:pk>/move-on/",
        views.EscalationMoveOnView.as_view(),
        name="escalation-move-on",
    ),
    path(
        "escalations/<int:pk>/resolve/",
        views.EscalationResolveView.as_view(),
        name="escalation-resolve",
    ),
    path(
        "escalations/<int:pk>/withdraw/",
        views.EscalationWithdrawView.as_view(),
        name="escalation-withdraw",
    ),
    path("workstreams/<int:pk>/", views.WorkstreamUpdateView.as_view(), name="workstream-update"),
    path(
        "workstreams/<int:pk>/remove/",
        views.WorkstreamRemoveView.as_view(),
        name="workstream-remove",
    ),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]

"""Alliance pages. The URL names are relied on by the organisation pages, emails and bench."""

from django.urls import path

from concord.alliances import views, views_home, views_portfolio, views_review

app_name = "alliances"

urlpatterns = [
    path("signup/partner/<str:token>/", views_home.partner_signup, name="partner-signup"),
    path("portfolio/", views_portfolio.PortfolioView.as_view(), name="portfolio"),
    path(
        "portfolio/export.csv",
        views_portfolio.PortfolioExportView.as_view(),
        {"fmt": "csv"},
        name="portfolio-csv",
    ),
    path(
        "portfolio/export.xlsx",
        views_portfolio.PortfolioExportView.as_view(),
        {"fmt": "xlsx"},
        name="portfolio-xlsx",
    ),
    path("portfolio/views/", views_portfolio.SavedViewSaveView.as_view(), name="saved-view-save"),
    path(
        "portfolio/views/<int:pk>/delete/",
        views_portfolio.SavedViewDeleteView.as_view(),
        name="saved-view-delete",
    ),
    path("portfolio/review/", views_review.PortfolioReviewView.as_view(), name="portfolio-review"),
    path(
        "portfolio/review.pdf",
        views_review.PortfolioReviewPdfView.as_view(),
        name="portfolio-review-pdf",
    ),
    path(
        "portfolio/review.xlsx",
        views_review.PortfolioReviewXlsxView.as_view(),
        name="portfolio-review-xlsx",
    ),
    path(
        "portfolio/weights/",
        views_portfolio.AttentionWeightsView.as_view(),
        name="attention-weights",
    ),
    path("alliances/", views.AllianceListView.as_view(), name="alliance-list"),
    path("alliances/export.csv", views.AllianceExportView.as_view(), name="alliance-export"),
    path("alliances/new/", views.AllianceCreateView.as_view(), name="alliance-create"),
    path("alliances/<int:pk>/", views.AllianceDetailView.as_view(), name="alliance-detail"),
    path("alliances/<int:pk>/edit/", views.AllianceUpdateView.as_view(), name="alliance-update"),
    path(
        "alliances/<int:pk>/programmes/new/",
        views.ProgrammeCreateView.as_view(),
        name="programme-create",
    ),
    path(
        "alliances/<int:pk>/parties/invite/",
        views.PartyInviteView.as_view(),
        name="party-invite",
    ),
    path("alliances/<int:pk>/gates/new/", views.GateCreateView.as_view(), name="gate-create"),
    path("alliances/<int:pk>/notes/new/", views.NoteCreateView.as_view(), name="note-create"),
    path(
        "alliances/<int:pk>/attention/",
        views_portfolio.AllianceAttentionView.as_view(),
        name="alliance-attention",
    ),
    path(
        "alliances/<int:pk>/activity/",
        views.AllianceActivityView.as_view(),
        name="alliance-activity",
    ),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme-update"),
    path("parties/<int:pk>/respond/", views.PartyRespondView.as_view(), name="party-respond"),
    path("parties/<int:pk>/withdraw/", views.PartyWithdrawView.as_view(), name="party-withdraw"),
    path("parties/<int:pk>/team/", views.TeamMemberAddView.as_view(), name="team-member-add"),
    path(
        "team-members/<int:pk>/remove/",
        views.TeamMemberRemoveView.as_view(),
        name="team-member-remove",
    ),
    path("gates/<int:pk>/sign/", views.GateSignView.as_view(), name="gate-sign"),
    path("gates/<int:pk>/decline/", views.GateDeclineView.as_view(), name="gate-decline"),
    path("gates/<int:pk>/withdraw/", views.GateWithdrawView.as_view(), name="gate-withdraw"),
]

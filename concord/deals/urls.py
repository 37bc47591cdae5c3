"""Pages of the deals capability: an alliance's money, the ledgers, and a form for every write."""

from django.urls import path

from concord.deals import views

app_name = "deals"

urlpatterns = [
    path("money/", views.PortfolioLedgerView.as_view(), name="portfolio-ledger"),
    path("money/ledger.xlsx", views.PortfolioXlsxView.as_view(), name="portfolio-xlsx"),
    path("alliances/<int:pk>/money/", views.AllianceMoneyView.as_view(), name="alliance-money"),
    path(
        "alliances/<int:pk>/money/ledger/",
        views.AllianceLedgerView.as_view(),
        name="alliance-ledger",
    ),
    path("alliances/<int:pk>/money/ledger.csv", views.LedgerCsvView.as_view(), name="ledger-csv"),
    path(
        "alliances/<int:pk>/money/ledger.xlsx", views.LedgerXlsxView.as_view(), name="ledger-xlsx"
    ),
    path(
        "alliances/<int:pk>/money/terms/", views.DealTermsEditView.as_view(), name="deal-terms-edit"
    ),
    path("alliances/<int:pk>/money/fees/new/", views.FeeCreateView.as_view(), name="fee-create"),
    path(
        "alliances/<int:pk>/money/milestones/new/",
        views.MilestoneCreateView.as_view(),
        name="milestone-create",
    ),
    path(
        "alliances/<int:pk>/money/royalties/new/",
        views.RoyaltyTermCreateView.as_view(),
        name="royalty-term-create",
    ),
    path(
        "alliances/<int:pk>/money/tranches/new/",
        views.TrancheCreateView.as_view(),
        name="tranche-create",
    ),
    path(
        "alliances/<int:pk>/money/amendments/",
        views.AmendmentListView.as_view(),
        name="amendment-list",
    ),
    path(
        "alliances/<int:pk>/money/amendments/new/",
        views.AmendmentProposeView.as_view(),
        name="amendment-propose",
    ),
    path(
        "amendments/<int:pk>/approve/",
        views.AmendmentApproveView.as_view(),
        name="amendment-approve",
    ),
    path(
        "amendments/<int:pk>/reject/", views.AmendmentRejectView.as_view(), name="amendment-reject"
    ),
    path(
        "amendments/<int:pk>/withdraw/",
        views.AmendmentWithdrawView.as_view(),
        name="amendment-withdraw",
    ),
    path("alliances/<int:pk>/money/option/", views.OptionEditView.as_view(), name="option-edit"),
    path(
        "alliances/<int:pk>/money/option/exercise/",
        views.OptionExerciseView.as_view(),
        name="option-exercise",
    ),
    path(
        "alliances/<int:pk>/money/workstreams/new/",
        views.WorkstreamCreateView.as_view(),
        name="workstream-create",
    ),
    path(
        "alliances/<int:pk>/money/audits/new/",
        views.AuditRequestCreateView.as_view(),
        name="audit-request-create",
    ),
    path(
        "alliances/<int:pk>/money/notes/new/",
        views.FinanceNoteCreateView.as_view(),
        name="finance-note-create",
    ),
    path(
        "milestones/<int:pk>/notify/", views.MilestoneNotifyView.as_view(), name="milestone-notify"
    ),
    path(
        "milestones/<int:pk>/confirm/",
        views.MilestoneConfirmView.as_view(),
        name="milestone-confirm",
    ),
    path(
        "milestones/<int:pk>/reject/", views.MilestoneRejectView.as_view(), name="milestone-reject"
    ),
    path(
        "royalty-terms/<int:pk>/report/",
        views.RoyaltyReportCreateView.as_view(),
        name="royalty-report-create",
    ),
    path(
        "royalty-reports/<int:pk>/restate/",
        views.RoyaltyReportRestateView.as_view(),
        name="royalty-report-restate",
    ),
    path("tranches/<int:pk>/release/", views.TrancheReleaseView.as_view(), name="tranche-release"),
    path("payments/<int:pk>/", views.PaymentDetailView.as_view(), name="payment-detail"),
    path("payments/<int:pk>/invoice/", views.PaymentInvoiceView.as_view(), name="payment-invoice"),
    path("payments/<int:pk>/pay/", views.PaymentRecordView.as_view(), name="payment-record"),
    path("payments/<int:pk>/dispute/", views.PaymentDisputeView.as_view(), name="payment-dispute"),
    path(
        "cost-workstreams/<int:pk>/", views.WorkstreamDetailView.as_view(), name="workstream-detail"
    ),
    path(
        "cost-workstreams/<int:pk>/costs/new/",
        views.CostEntryCreateView.as_view(),
        name="cost-entry-create",
    ),
    path(
        "cost-workstreams/<int:pk>/true-up/",
        views.TrueUpSettleView.as_view(),
        name="true-up-settle",
    ),
    path(
        "cost-entries/<int:pk>/dispute/",
        views.CostEntryDisputeView.as_view(),
        name="cost-entry-dispute",
    ),
    path("disputes/<int:pk>/resolve/", views.DisputeResolveView.as_view(), name="dispute-resolve"),
    path(
        "audit-requests/<int:pk>/findings/",
        views.AuditRequestCloseView.as_view(),
        name="audit-request-close",
    ),
]

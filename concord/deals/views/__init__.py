"""Money pages: each view reads through a selector or runs a service behind a form, and renders.

Pages that write refuse (403) a person whose role or party could never do the action, before
showing the form; the service checks the same rules again when the form is sent.
"""

from concord.deals.views._common import (
    WRITERS_ONLY,
    ActionView,
    MoneyView,
    ServiceFormView,
    initial_from,
    ledger_url,
    money_url,
    this_quarter,
)
from concord.deals.views.amendments import (
    AmendmentApproveView,
    AmendmentListView,
    AmendmentProposeView,
    AmendmentRejectView,
    AmendmentWithdrawView,
)
from concord.deals.views.buildtobuy import (
    OptionEditView,
    OptionExerciseView,
    TrancheCreateView,
    TrancheReleaseView,
)
from concord.deals.views.costshare import (
    CostEntryCreateView,
    CostEntryDisputeView,
    TrueUpSettleView,
    WorkstreamCreateView,
    WorkstreamDetailView,
)
from concord.deals.views.disputes import (
    AuditRequestCloseView,
    AuditRequestCreateView,
    DisputeResolveView,
    FinanceNoteCreateView,
)
from concord.deals.views.ledger import (
    XLSX,
    AllianceLedgerView,
    AllianceMoneyView,
    LedgerCsvView,
    LedgerXlsxView,
    PaymentDetailView,
    PaymentDisputeView,
    PaymentFormView,
    PaymentInvoiceView,
    PaymentRecordView,
    PortfolioLedgerView,
    PortfolioXlsxView,
)
from concord.deals.views.royalties import (
    RoyaltyReportCreateView,
    RoyaltyReportRestateView,
    RoyaltyTermCreateView,
)
from concord.deals.views.terms import (
    DealTermsEditView,
    FeeCreateView,
    MilestoneConfirmView,
    MilestoneCreateView,
    MilestoneFormView,
    MilestoneNotifyView,
    MilestoneRejectView,
)

__all__ = [
    "WRITERS_ONLY",
    "XLSX",
    "ActionView",
    "AllianceLedgerView",
    "AllianceMoneyView",
    "AmendmentApproveView",
    "AmendmentListView",
    "AmendmentProposeView",
    "AmendmentRejectView",
    "AmendmentWithdrawView",
    "AuditRequestCloseView",
    "AuditRequestCreateView",
    "CostEntryCreateView",
    "CostEntryDisputeView",
    "DealTermsEditView",
    "DisputeResolveView",
    "FeeCreateView",
    "FinanceNoteCreateView",
    "LedgerCsvView",
    "LedgerXlsxView",
    "MilestoneConfirmView",
    "MilestoneCreateView",
    "MilestoneFormView",
    "MilestoneNotifyView",
    "MilestoneRejectView",
    "MoneyView",
    "OptionEditView",
    "OptionExerciseView",
    "PaymentDetailView",
    "PaymentDisputeView",
    "PaymentFormView",
    "PaymentInvoiceView",
    "PaymentRecordView",
    "PortfolioLedgerView",
    "PortfolioXlsxView",
    "RoyaltyReportCreateView",
    "RoyaltyReportRestateView",
    "RoyaltyTermCreateView",
    "ServiceFormView",
    "TrancheCreateView",
    "TrancheReleaseView",
    "TrueUpSettleView",
    "WorkstreamCreateView",
    "WorkstreamDetailView",
    "initial_from",
    "ledger_url",
    "money_url",
    "this_quarter",
]

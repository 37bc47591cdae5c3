"""Every write to deals and the fairness ledger, one service per action (see each module)."""

from concord.deals.services.amendments import (
    Proposed,
    amendment_approve,
    amendment_propose,
    amendment_reject,
    amendment_withdraw,
)
from concord.deals.services.build_to_buy import (
    option_exercise,
    option_save,
    options_lapse,
    tranche_create,
    tranche_release,
)
from concord.deals.services.costs import cost_entry_record, true_up_settle, workstream_create
from concord.deals.services.ledger import (
    audit_request_close,
    audit_request_create,
    dispute_raise,
    dispute_resolve,
    finance_note_create,
    payment_invoice,
    payment_record,
    payments_flag_overdue,
    payments_nudge_unbilled,
)
from concord.deals.services.milestones import (
    milestone_confirm,
    milestone_create,
    milestone_notify,
    milestone_reject,
)
from concord.deals.services.royalties import (
    royalty_report_restate,
    royalty_report_submit,
    royalty_term_create,
)
from concord.deals.services.terms import deal_terms_save, fee_create

__all__ = [
    "Proposed",
    "amendment_approve",
    "amendment_propose",
    "amendment_reject",
    "amendment_withdraw",
    "audit_request_close",
    "audit_request_create",
    "cost_entry_record",
    "deal_terms_save",
    "dispute_raise",
    "dispute_resolve",
    "fee_create",
    "finance_note_create",
    "milestone_confirm",
    "milestone_create",
    "milestone_notify",
    "milestone_reject",
    "option_exercise",
    "option_save",
    "options_lapse",
    "payment_invoice",
    "payment_record",
    "payments_flag_overdue",
    "payments_nudge_unbilled",
    "royalty_report_restate",
    "royalty_report_submit",
    "royalty_term_create",
    "tranche_create",
    "tranche_release",
    "true_up_settle",
    "workstream_create",
]

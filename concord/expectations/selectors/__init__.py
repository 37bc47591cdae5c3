"""Reads of commitments, the reliability scorecard and the learning plan, always through visible_to(user).

Statuses that depend on the date (due soon, overdue) are computed in the query from `due_at` and
the moment of reading, so a list never shows a stale flag. The scorecard is a handful of
aggregate queries, however long the alliance's history.
"""

from concord.expectations.selectors.commitments import (
    DUE_WINDOWS,
    SORTS,
    CommitmentFilters,
    commitment_get,
    commitment_history,
    commitment_list,
    commitment_parties,
    delivery_get,
    dispute_get,
    owner_candidates,
)
from concord.expectations.selectors.learning import (
    STALE_AFTER,
    LearningSummary,
    learning_summary,
    lesson_list,
    objective_get,
    objective_list,
)
from concord.expectations.selectors.permissions import (
    CommitmentPermissions,
    can_record,
    commitment_permissions,
    own_party,
)
from concord.expectations.selectors.portfolio import (
    OWED_STATUSES,
    PORTFOLIO_SORTS,
    PORTFOLIO_STATUSES,
    SIDES,
    SUMMARY_DAYS,
    CommitmentSummary,
    PortfolioFilters,
    commitment_summary,
    portfolio_alliances,
    portfolio_commitment_list,
)
from concord.expectations.selectors.scorecard import (
    QUARTERS_SHOWN,
    ROLLING,
    PartyScore,
    QuarterScore,
    Scorecard,
    Tally,
    overdue_commitments,
    quarter_labels,
    scorecard,
)
from concord.expectations.selectors.status import (
    STATUS_ORDER,
    State,
    status_case,
    status_label,
    with_status,
)

__all__ = [
    "DUE_WINDOWS",
    "OWED_STATUSES",
    "PORTFOLIO_SORTS",
    "PORTFOLIO_STATUSES",
    "QUARTERS_SHOWN",
    "ROLLING",
    "SIDES",
    "SORTS",
    "STALE_AFTER",
    "STATUS_ORDER",
    "SUMMARY_DAYS",
    "CommitmentFilters",
    "CommitmentPermissions",
    "CommitmentSummary",
    "LearningSummary",
    "PartyScore",
    "PortfolioFilters",
    "QuarterScore",
    "Scorecard",
    "State",
    "Tally",
    "can_record",
    "commitment_get",
    "commitment_history",
    "commitment_list",
    "commitment_parties",
    "commitment_permissions",
    "commitment_summary",
    "delivery_get",
    "dispute_get",
    "learning_summary",
    "lesson_list",
    "objective_get",
    "objective_list",
    "overdue_commitments",
    "own_party",
    "owner_candidates",
    "portfolio_alliances",
    "portfolio_commitment_list",
    "quarter_labels",
    "scorecard",
    "status_case",
    "status_label",
    "with_status",
]

"""Reads of the health capability, always through visible_to(user).

Every figure leaves here already judged against the anonymity threshold: a party's scores (and
its comments) appear only for a closed round that at least k of its people answered, a gap only
between parties both shown, and nothing ever combines a hidden party with a shown one (a joint
average would let anyone subtract the shown party and read the hidden one). The readers offer
whole rounds and whole alliances only; nothing narrows a round to a subset of its respondents.

Import them from here; each module holds one area.
"""

from concord.health.selectors._common import PartyResult
from concord.health.selectors.alliance import (
    TREND_ROUNDS,
    AllianceHealth,
    HealthPermissions,
    OverviewPanel,
    Trend,
    TrendPoint,
    alliance_health,
    alliance_trend,
    cadence_of,
    celebration_list,
    health_permissions,
    overview_panel,
)
from concord.health.selectors.instruments import (
    instrument_get,
    instrument_list,
    instrument_versions,
    threshold_of,
    version_wording,
)
from concord.health.selectors.portfolio import (
    HEALTH_REACH,
    PULSE_REACH,
    RECENT_WARNINGS,
    SORT_KEYS,
    Portfolio,
    PortfolioFilters,
    PortfolioRow,
    Snapshot,
    Sparkline,
    portfolio_health,
    portfolio_health_figures,
    portfolio_trends,
)
from concord.health.selectors.rounds import (
    CommentView,
    DimensionRow,
    RoundResults,
    invitations_waiting,
    respondent_for,
    respondent_for_token,
    round_get,
    round_list,
    round_results,
)

__all__ = [
    "HEALTH_REACH",
    "PULSE_REACH",
    "RECENT_WARNINGS",
    "SORT_KEYS",
    "TREND_ROUNDS",
    "AllianceHealth",
    "CommentView",
    "DimensionRow",
    "HealthPermissions",
    "OverviewPanel",
    "PartyResult",
    "Portfolio",
    "PortfolioFilters",
    "PortfolioRow",
    "RoundResults",
    "Snapshot",
    "Sparkline",
    "Trend",
    "TrendPoint",
    "alliance_health",
    "alliance_trend",
    "cadence_of",
    "celebration_list",
    "health_permissions",
    "instrument_get",
    "instrument_list",
    "instrument_versions",
    "invitations_waiting",
    "overview_panel",
    "portfolio_health",
    "portfolio_health_figures",
    "portfolio_trends",
    "respondent_for",
    "respondent_for_token",
    "round_get",
    "round_list",
    "round_results",
    "threshold_of",
    "version_wording",
]

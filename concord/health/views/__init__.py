"""Health pages: each view parses input, calls a selector or a service, and renders.

Those who run and read health checks and those who answer them are two audiences:
respondents.py holds the answering side.
"""

from concord.health.views._common import (
    PORTFOLIO_PAGE_SIZE,
    ROUNDS_PAGE_SIZE,
    HealthView,
    health_url,
    results_context,
)
from concord.health.views.alliance import (
    AllianceHealthView,
    CadenceUpdateView,
    HealthFormView,
    KudosCreateView,
    RoundStartView,
    overview_panel,
)
from concord.health.views.instruments import (
    InstrumentCopyView,
    InstrumentDetailView,
    InstrumentListView,
    InstrumentUpdateView,
    ThresholdUpdateView,
    library_page,
)
from concord.health.views.portfolio import PortfolioExportView, PortfolioHealthView
from concord.health.views.respondents import AnswerView, RoundAnswerView, answer_page, answer_submit
from concord.health.views.rounds import RoundDetailView, RoundExportView, write_results_csv

__all__ = [
    "PORTFOLIO_PAGE_SIZE",
    "ROUNDS_PAGE_SIZE",
    "AllianceHealthView",
    "AnswerView",
    "CadenceUpdateView",
    "HealthFormView",
    "HealthView",
    "InstrumentCopyView",
    "InstrumentDetailView",
    "InstrumentListView",
    "InstrumentUpdateView",
    "KudosCreateView",
    "PortfolioExportView",
    "PortfolioHealthView",
    "RoundAnswerView",
    "RoundDetailView",
    "RoundExportView",
    "RoundStartView",
    "ThresholdUpdateView",
    "answer_page",
    "answer_submit",
    "health_url",
    "library_page",
    "overview_panel",
    "results_context",
    "write_results_csv",
]

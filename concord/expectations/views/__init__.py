"""Expectations pages: each view parses input, calls a selector or a service, and renders."""

from concord.expectations.views._common import (
    ExpectationsFormView,
    ExpectationsView,
    commitment_url,
    joined_alliance,
)
from concord.expectations.views.commitments import (
    CSV_HEADER,
    CommitmentCreateView,
    CommitmentDetailView,
    CommitmentExportView,
    CommitmentFormView,
    CommitmentListView,
    CommitmentUpdateView,
    render_commitment,
)
from concord.expectations.views.deliveries import (
    CommitmentDeliverView,
    CommitmentDisputeView,
    CommitmentPageFormView,
    CommitmentReasonView,
    CommitmentWaiveView,
    DeliveryJudgeView,
    DisputeResolveView,
)
from concord.expectations.views.learning import (
    LearningPlanView,
    ObjectiveCreateView,
    ObjectiveDetailView,
    ObjectiveUpdateView,
    ReviewCreateView,
    measures_chart,
    objective_url,
)
from concord.expectations.views.portfolio import (
    PortfolioCommitmentExportView,
    PortfolioCommitmentListView,
)
from concord.expectations.views.scorecard import ScorecardView, scorecard_charts

__all__ = [
    "CSV_HEADER",
    "CommitmentCreateView",
    "CommitmentDeliverView",
    "CommitmentDetailView",
    "CommitmentDisputeView",
    "CommitmentExportView",
    "CommitmentFormView",
    "CommitmentListView",
    "CommitmentPageFormView",
    "CommitmentReasonView",
    "CommitmentUpdateView",
    "CommitmentWaiveView",
    "DeliveryJudgeView",
    "DisputeResolveView",
    "ExpectationsFormView",
    "ExpectationsView",
    "LearningPlanView",
    "ObjectiveCreateView",
    "ObjectiveDetailView",
    "ObjectiveUpdateView",
    "PortfolioCommitmentExportView",
    "PortfolioCommitmentListView",
    "ReviewCreateView",
    "ScorecardView",
    "commitment_url",
    "joined_alliance",
    "measures_chart",
    "objective_url",
    "render_commitment",
    "scorecard_charts",
]

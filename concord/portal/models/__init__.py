"""The partnering portal: what a pharma seeks, what is submitted to it, how it is judged and answered.

One module per domain area: the portal and what it publishes (`portals`), the submissions and
what hangs on them (`submissions`), and what the services keep of them for the pages (`kept`).
"""

from concord.portal.models.kept import (
    FunnelMonth,
    ReviewerLoad,
    SubmissionCount,
    SubmissionDay,
    SubmissionMonth,
)
from concord.portal.models.portals import (
    DEAL_STAGES,
    AreaOfInterest,
    Criterion,
    DealStage,
    DeclineReason,
    DeclineTemplate,
    PartnerRequest,
    Portal,
)
from concord.portal.models.submissions import (
    Attachment,
    CdaSignature,
    DealStep,
    Message,
    MessageTenancy,
    Review,
    Submission,
    SubmissionTenancy,
)

__all__ = [
    "DEAL_STAGES",
    "AreaOfInterest",
    "Attachment",
    "CdaSignature",
    "Criterion",
    "DealStage",
    "DealStep",
    "DeclineReason",
    "DeclineTemplate",
    "FunnelMonth",
    "Message",
    "MessageTenancy",
    "PartnerRequest",
    "Portal",
    "Review",
    "ReviewerLoad",
    "Submission",
    "SubmissionCount",
    "SubmissionDay",
    "SubmissionMonth",
    "SubmissionTenancy",
]

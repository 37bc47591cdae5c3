"""Reads of the partnering portal: the triage queue, one submission, the statistics."""

from concord.portal.selectors._common import (
    EpochSeconds,
    Microseconds,
    is_not_invented_here,
)
from concord.portal.selectors.portals import (
    area_list,
    decline_templates,
    own_portal,
    portal_for_slug,
    submission_for_token,
)
from concord.portal.selectors.queue import (
    DUE_SOON,
    QUEUE_ORDER,
    QueueFilters,
    QueueRow,
    SubmissionQueue,
    received_submissions,
    reviewer_open_load,
    sent_submissions,
    submission_counts,
    submission_queue,
)
from concord.portal.selectors.statistics import (
    DAY,
    Epoch,
    PortalStatistics,
    YearMonth,
    portal_statistics,
)
from concord.portal.selectors.submissions import (
    DealPath,
    SubmissionFile,
    deal_path,
    public_deal_path,
    public_messages,
    received_attachment,
    submission_file,
    submission_get,
)

__all__ = [
    "DAY",
    "DUE_SOON",
    "QUEUE_ORDER",
    "DealPath",
    "Epoch",
    "EpochSeconds",
    "Microseconds",
    "PortalStatistics",
    "QueueFilters",
    "QueueRow",
    "SubmissionFile",
    "SubmissionQueue",
    "YearMonth",
    "area_list",
    "deal_path",
    "decline_templates",
    "is_not_invented_here",
    "own_portal",
    "portal_for_slug",
    "portal_statistics",
    "public_deal_path",
    "public_messages",
    "received_attachment",
    "received_submissions",
    "reviewer_open_load",
    "sent_submissions",
    "submission_counts",
    "submission_file",
    "submission_for_token",
    "submission_get",
    "submission_queue",
]

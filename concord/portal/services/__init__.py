"""Every write of the partnering portal: set-up, submissions, reviews, dialogue and decisions."""

from concord.portal.services._common import (
    DECIDING_ROLES,
    INTERNAL_FIELDS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MIN_FEEDBACK_CHARS,
    SUBMISSION_FIELDS,
    SUBMISSIONS_PER_HOUR_PER_EMAIL,
    SUBMISSIONS_PER_HOUR_PER_IP,
    TEAM_ROLES,
    review_track,
)
from concord.portal.services.deal_path import (
    cda_joint_act,
    cda_sign_for_receiver,
    cda_sign_for_submitter,
    deal_stage_record,
    deal_step_correct,
    next_stage,
)
from concord.portal.services.dialogue import (
    Decision,
    message_post,
    submission_decide,
    submission_request_info,
    submitter_reply,
)
from concord.portal.services.kept import kept_rebuild_all, portal_kept_rebuild
from concord.portal.services.letters import (
    decline_draft,
    decline_problems,
    decline_template_save,
    decline_templates_save,
)
from concord.portal.services.queue_counts import queue_counts_rebuild, queue_counts_verify
from concord.portal.services.reminders import (
    DUE_SOON,
    ESCALATE_AFTER,
    submission_reminders_send,
)
from concord.portal.services.requests import REQUEST_FIELDS, partner_request_save
from concord.portal.services.setup import (
    PORTAL_FIELDS,
    area_save,
    portal_save,
)
from concord.portal.services.statistics import (
    kept_refresh_deferred,
    portal_statistics_rebuild,
    submission_kept_refresh,
)
from concord.portal.services.submissions import (
    IssuedSubmission,
    check_pdf,
    internal_programme_add,
    review_submit,
    submission_assign,
    submission_create,
)

__all__ = [
    "DECIDING_ROLES",
    "DUE_SOON",
    "ESCALATE_AFTER",
    "INTERNAL_FIELDS",
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_BYTES",
    "MIN_FEEDBACK_CHARS",
    "PORTAL_FIELDS",
    "REQUEST_FIELDS",
    "SUBMISSIONS_PER_HOUR_PER_EMAIL",
    "SUBMISSIONS_PER_HOUR_PER_IP",
    "SUBMISSION_FIELDS",
    "TEAM_ROLES",
    "Decision",
    "IssuedSubmission",
    "area_save",
    "cda_joint_act",
    "cda_sign_for_receiver",
    "cda_sign_for_submitter",
    "check_pdf",
    "deal_stage_record",
    "deal_step_correct",
    "decline_draft",
    "decline_problems",
    "decline_template_save",
    "decline_templates_save",
    "internal_programme_add",
    "kept_rebuild_all",
    "kept_refresh_deferred",
    "message_post",
    "next_stage",
    "partner_request_save",
    "portal_kept_rebuild",
    "portal_save",
    "portal_statistics_rebuild",
    "queue_counts_rebuild",
    "queue_counts_verify",
    "review_submit",
    "review_track",
    "submission_assign",
    "submission_create",
    "submission_decide",
    "submission_kept_refresh",
    "submission_reminders_send",
    "submission_request_info",
    "submitter_reply",
]

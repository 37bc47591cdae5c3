"""What the portal's services share: limits, the fields a submission carries, who may review and decide."""

from __future__ import annotations

from concord.core.errors import forbidden
from concord.orgs.models import Membership, User
from concord.portal.models import (
    Review,
    Submission,
)

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# The one anonymous door: at most this many submissions an hour from one address or one email.
SUBMISSIONS_PER_HOUR_PER_IP = 10
SUBMISSIONS_PER_HOUR_PER_EMAIL = 5
# "Written feedback of real length": a sentence or two is not feedback.
MIN_FEEDBACK_CHARS = 200
TEAM_ROLES = {
    Membership.Role.ALLIANCE_MANAGER,
    Membership.Role.BUSINESS_DEVELOPMENT,
    Membership.Role.SCIENTIST,
    Membership.Role.EXECUTIVE_SPONSOR,
}
DECIDING_ROLES = {Membership.Role.ALLIANCE_MANAGER, Membership.Role.BUSINESS_DEVELOPMENT}
# What an asset is, whether a partner submits it or the team puts its own programme on the rubric.
INTERNAL_FIELDS = [
    "asset_name",
    "modality",
    "therapeutic_area",
    "indication",
    "stage",
    "mechanism",
    "differentiation",
    "data_summary",
    "ip_status",
    "deal_type",
]
SUBMISSION_FIELDS = [
    "contact_name",
    "contact_email",
    "submitter_organisation_name",
    *INTERNAL_FIELDS,
]


def _team_member(
    actor: User, submission: Submission | None = None, *, deciding: bool = False
) -> Membership:
    """The actor reviews for the receiving organisation (and, to decide, works in BD)."""
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active:
        raise forbidden("Only active members of an organisation can do this.")
    if submission is not None and submission.organisation_id != membership.organisation_id:
        raise forbidden("Only the receiving organisation's team can do this.")
    roles = DECIDING_ROLES if deciding else TEAM_ROLES
    if not (membership.is_admin or membership.role in roles):
        raise forbidden(
            "Only business development and alliance managers decide on submissions."
            if deciding
            else "Your role cannot review submissions."
        )
    return membership


def review_track(membership: Membership) -> str:
    """Scientists score for R&D; everyone else on the team scores for business development."""
    return Review.Track.RND if membership.role == Membership.Role.SCIENTIST else Review.Track.BD

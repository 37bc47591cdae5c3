"""API for the partnering portal: the receiving team's triage, and the submitter's public door.

The team's routes answer only the organisation that received the submissions; to anyone else a
portal, a submission or its dialogue is a 404. The public routes need no token: the portal's slug
is public, and a submission's private status token is the submitter's credential.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Status

from concord.core.api import Id, PageIn, actor, responses
from concord.core.errors import invalid
from concord.core.middleware import client_ip
from concord.orgs.models import User
from concord.orgs.selectors import member_list
from concord.portal import selectors, services
from concord.portal.api._common import router
from concord.portal.clock import decision_due, first_response_due
from concord.portal.models import AreaOfInterest, DeclineReason, Message, Portal, Review, Submission
from concord.portal.schemas import (
    AreaIn,
    AreaOut,
    AssignIn,
    AssignOut,
    DecisionIn,
    HeadlineStatisticsOut,
    IssuedSubmissionOut,
    MessageIn,
    MessageOut,
    PublicMessageOut,
    PublicPortalOut,
    QuestionIn,
    ReplyIn,
    ReviewIn,
    ReviewOut,
    Slug,
    StatisticsOut,
    StatusToken,
    SubmissionDetailOut,
    SubmissionIn,
    SubmissionListIn,
    SubmissionPageOut,
    SubmissionStatusOut,
)
from concord.portal.selectors import QueueFilters, QueueRow

# ---------------------------------------------------------------------------------------------
# Shaping reads for responses


def _portal(user: User) -> Portal:
    """The user's organisation's portal; an organisation without one has nothing here (404)."""
    portal = selectors.own_portal(user=user)
    if portal is None:
        raise Http404
    return portal


def _received(user: User, pk: int) -> Submission:
    """A submission the user's organisation received. Not `submission_get`: that also finds the
    ones it sent, and the sender must never read the receiving team's notes and scores."""
    submissions = selectors.received_submissions(user=user)
    return submissions.select_related("organisation", "alliance").get(pk=pk)


def _score(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# The fields the responses copy from the model as they are; the rest are shaped below.
SUMMARY_FIELDS = (
    "id",
    "reference",
    "status",
    "is_internal",
    "asset_name",
    "modality",
    "therapeutic_area",
    "indication",
    "stage",
    "deal_type",
    "submitted_at",
    "match_score",
    "match_explanation",
)
DETAIL_FIELDS = (
    "mechanism",
    "differentiation",
    "data_summary",
    "ip_status",
    "acknowledged_at",
    "first_response_at",
    "decided_at",
    "decline_reasons",
    "feedback",
    "alliance_id",
)
STATUS_FIELDS = (
    "reference",
    "status",
    "asset_name",
    "submitted_at",
    "acknowledged_at",
    "first_response_at",
    "decided_at",
)
PORTAL_FIELDS = (
    "slug",
    "introduction",
    "is_open",
    "first_response_days",
    "decision_days",
)


def _copy(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def _summary(submission: Submission, identity_hidden: bool) -> dict[str, Any]:
    submitter = None if identity_hidden else submission.submitter_organisation_name
    return _copy(submission, SUMMARY_FIELDS) | {
        "submitter_organisation_name": submitter,
        "identity_hidden": identity_hidden,
        "reviewers": list(submission.reviewers.all()),
    }


def _queue_item(row: QueueRow, portal: Portal) -> dict[str, Any]:
    submission = row.submission
    # The queue does not know who has scored what, so a blind first pass hides the submitter
    # here until the decision; the submission's own page reveals it to a reviewer who has scored.
    hidden = portal.blind_first_pass and not submission.is_decided
    return _summary(submission, hidden) | {
        "deadline": row.deadline,
        "overdue": row.overdue,
        "due_soon": row.due_soon,
        "bd_score": _score(row.bd_score),
        "rnd_score": _score(row.rnd_score),
        "nih": row.nih,
    }


def _message(message: Message, identity_hidden: bool) -> Message | dict[str, Any]:
    if identity_hidden and message.from_submitter:
        return {name: getattr(message, name) for name in MessageOut.model_fields} | {
            "author_label": "The submitter"
        }
    return message


def _detail(user: User, submission: Submission) -> dict[str, Any]:
    file = selectors.submission_file(user=user, submission=submission)
    hidden = file.identity_hidden
    return _summary(submission, hidden) | {
        **_copy(submission, DETAIL_FIELDS),
        "contact_name": None if hidden else submission.contact_name,
        "contact_email": None if hidden else submission.contact_email,
        "first_response_due": file.first_response_due,
        "decision_due": file.decision_due,
        "waiting_on_submitter": submission.paused_since is not None,
        "bd_score": _score(file.bd_score),
        "rnd_score": _score(file.rnd_score),
        "nih": file.nih,
        "reviews": file.reviews,
        "messages": [_message(m, hidden) for m in file.messages],
        "attachments": list(submission.attachments.all()),
    }


def _list_page(rows: Sequence[Any], page: PageIn) -> dict[str, Any]:
    """`paginate` for a list the selector has already read and ordered."""
    items = rows[page.offset : page.offset + page.limit]
    return {"count": len(rows), "limit": page.limit, "offset": page.offset, "items": items}


def _statistics(portal: Portal) -> dict[str, Any]:
    figures = selectors.portal_statistics(portal)
    return _copy(figures, tuple(HeadlineStatisticsOut.model_fields)) | {
        "months": [{"month": m, "count": n} for m, n in figures.months],
        "decline_reasons": [{"reason": r, "count": n} for r, n in figures.decline_reasons],
        "gap_by_month": [{"month": m, "gap": g} for m, g in figures.gap_by_month],
        "gap_by_area": [{"therapeutic_area": a, "gap": g} for a, g in figures.gap_by_area],
    }


def _colleagues(user: User, ids: list[int]) -> list[User]:
    """Active members of the user's own organisation, by user id; any other id is refused."""
    wanted = set(ids)
    members = member_list(user=user).filter(user_id__in=wanted, is_active=True)
    people = [membership.user for membership in members]
    if len(people) != len(wanted):
        raise invalid("reviewer_ids", "Reviewers come from your own organisation.")
    return people


# ---------------------------------------------------------------------------------------------
# The team: areas of interest


@router.get("/portal/areas", response=responses({200: list[AreaOut]}), tags=["portal"])
def area_list(request: HttpRequest) -> list[AreaOfInterest]:
    """Your organisation's areas of interest: what it seeks and what it does not."""
    user = actor(request)
    _portal(user)
    return list(selectors.area_list(user=user))


@router.post("/portal/areas", response=responses({201: AreaOut}), tags=["portal"])
def area_create(request: HttpRequest, payload: AreaIn) -> Status[AreaOfInterest]:
    """Publish an area of interest, with the reviewers its submissions are routed to."""
    user = actor(request)
    _portal(user)
    fields = payload.model_dump()
    reviewers = _colleagues(user, fields.pop("reviewer_ids"))
    area = services.area_save(actor=user, reviewers=reviewers, **fields)
    return Status(201, selectors.area_list(user=user).get(pk=area.pk))


# ---------------------------------------------------------------------------------------------
# The team: the triage queue and one submission


@router.get("/portal/submissions", response=responses({200: SubmissionPageOut}), tags=["portal"])
def submission_list(request: HttpRequest, params: Query[SubmissionListIn]) -> dict[str, Any]:
    """The triage queue: received submissions, soonest deadline first, with flags and scores."""
    user = actor(request)
    portal = _portal(user)
    filters = QueueFilters(
        search=params.search.strip(),
        status=list(params.status),
        therapeutic_area=list(params.therapeutic_area),
        mine=params.mine,
        flag=params.flag or "",
        sort=params.sort,
    )
    # Cut the page first: the queue builds only the rows asked for.
    page = _list_page(selectors.submission_queue(user=user, filters=filters), params)
    return page | {"items": [_queue_item(row, portal) for row in page["items"]]}


# Registered before /portal/submissions/{submission_id}: Django tries the URLs in order, and
# "assign" would otherwise be read as an id and answered with a 405.
@router.post("/portal/submissions/assign", response=responses({200: AssignOut}), tags=["portal"])
def submission_assign(request: HttpRequest, payload: AssignIn) -> dict[str, int]:
    """Assign reviewers of your organisation to one or many received submissions."""
    user = actor(request)
    _portal(user)
    wanted = set(payload.submission_ids)
    submissions = list(selectors.received_submissions(user=user).filter(pk__in=wanted))
    if len(submissions) != len(wanted):
        raise Http404  # one of them is not yours to see: the same answer as for a missing one
    reviewers = _colleagues(user, payload.reviewer_ids)
    count = services.submission_assign(actor=user, submissions=submissions, reviewers=reviewers)
    return {"assigned": count}


@router.get(
    "/portal/submissions/{submission_id}",
    response=responses({200: SubmissionDetailOut}),
    tags=["portal"],
)
def submission_detail(request: HttpRequest, submission_id: Id) -> dict[str, Any]:
    """One received submission: its service-level dates, reviews and the whole dialogue."""
    user = actor(request)
    return _detail(user, _received(user, submission_id))


@router.post(
    "/portal/submissions/{submission_id}/reviews",
    response=responses({201: ReviewOut}),
    tags=["portal"],
)
def review_submit(request: HttpRequest, submission_id: Id, payload: ReviewIn) -> Status[Review]:
    """Score the submission on the rubric; scientists score for R&D, the rest for BD."""
    user = actor(request)
    submission = _received(user, submission_id)
    scores = payload.scores.model_dump()
    review = services.review_submit(actor=user, submission=submission, scores=scores)
    return Status(201, review)


@router.post(
    "/portal/submissions/{submission_id}/messages",
    response=responses({201: MessageOut}),
    tags=["portal"],
)
def message_post(request: HttpRequest, submission_id: Id, payload: MessageIn) -> Status[Message]:
    """Write to the submitter, or leave an internal note only your team reads."""
    user = actor(request)
    submission = _received(user, submission_id)
    message = services.message_post(
        actor=user, submission=submission, body=payload.body, internal=payload.internal
    )
    return Status(201, message)


@router.post(
    "/portal/submissions/{submission_id}/questions",
    response=responses({201: MessageOut}),
    tags=["portal"],
)
def submission_request_info(
    request: HttpRequest, submission_id: Id, payload: QuestionIn
) -> Status[Message]:
    """Ask the submitter for more information; the clocks stand still until they answer."""
    user = actor(request)
    submission = _received(user, submission_id)
    message = services.submission_request_info(
        actor=user, submission=submission, question=payload.question
    )
    return Status(201, message)


@router.post(
    "/portal/submissions/{submission_id}/decision",
    response=responses({200: SubmissionDetailOut}),
    tags=["portal"],
)
def submission_decide(
    request: HttpRequest, submission_id: Id, payload: DecisionIn
) -> dict[str, Any]:
    """Decline with coded reasons and written feedback, or advance: a CDA is requested (a term
    sheet comes only after a CDA signed by both)."""
    user = actor(request)
    submission = _received(user, submission_id)
    services.submission_decide(actor=user, submission=submission, **payload.model_dump())
    return _detail(user, _received(user, submission_id))


@router.get("/portal/statistics", response=responses({200: StatisticsOut}), tags=["portal"])
def portal_statistics(request: HttpRequest) -> dict[str, Any]:
    """Submissions per month, service levels kept, answer times, decline reasons, BD–R&D gap."""
    return _statistics(_portal(actor(request)))


# ---------------------------------------------------------------------------------------------
# The public side: no token, the slug or the status token is enough


def _public_portal(slug: str) -> Portal:
    portal = selectors.portal_for_slug(slug)
    if portal is None:
        raise Http404
    return portal


def _public_status(submission: Submission) -> dict[str, Any]:
    """What the submitter reads: never the team's internal notes, reviews or scores."""
    portal = submission.organisation.portal
    decided = submission.is_decided
    reasons = [
        {"code": code, "label": DeclineReason(code).label} for code in submission.decline_reasons
    ]
    return {
        **_copy(submission, STATUS_FIELDS),
        "status_label": submission.get_status_display(),
        "organisation": submission.organisation.name,
        "first_response_due": first_response_due(submission, portal),
        "decision_due": decision_due(submission, portal),
        "waiting_on_you": submission.paused_since is not None,
        "deal_stage": submission.deal_stage or None,
        "deal_stage_words": submission.deal_stage_words,
        "messages": selectors.public_messages(submission),
        "decline_reasons": reasons if decided else [],
        "feedback": submission.feedback if decided else None,
    }


def _submission_for_token(token: str) -> Submission:
    submission = selectors.submission_for_token(token)
    if submission is None:
        raise Http404
    return submission


@router.get(
    "/public/portals/{slug}", auth=None, response=responses({200: PublicPortalOut}), tags=["public"]
)
def public_portal(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """An organisation's public portal page: what it seeks and not, and its response times."""
    portal = _public_portal(slug)
    areas = list(portal.areas.all())
    statistics = _statistics(portal) if portal.publish_statistics else None
    return {
        **_copy(portal, PORTAL_FIELDS),
        "organisation": portal.organisation.name,
        "areas_sought": [a for a in areas if a.kind == AreaOfInterest.Kind.SEEK],
        "areas_not_sought": [a for a in areas if a.kind == AreaOfInterest.Kind.AVOID],
        "statistics": statistics,
    }


@router.post(
    "/public/portals/{slug}/submissions",
    auth=None,
    response=responses({201: IssuedSubmissionOut}),
    tags=["public"],
)
def public_submission_create(
    request: HttpRequest, slug: Slug, payload: SubmissionIn
) -> Status[dict[str, str]]:
    """Submit a non-confidential opportunity; keep the status token, it is shown only once.

    Attachments go through the web form. At most a few submissions an hour are taken from one
    address or one email; more are refused with a 422 saying so.
    """
    portal = _public_portal(slug)
    issued = services.submission_create(
        portal=portal, data=payload.model_dump(), ip=client_ip(request)
    )
    return Status(201, {"reference": issued.submission.reference, "status_token": issued.token})


@router.get(
    "/public/submissions/{token}",
    auth=None,
    response=responses({200: SubmissionStatusOut}),
    tags=["public"],
)
def public_submission_status(request: HttpRequest, token: StatusToken) -> dict[str, Any]:
    """A submission's status, service-level dates, dialogue, and once decided the reasons."""
    return _public_status(_submission_for_token(token))


@router.post(
    "/public/submissions/{token}/messages",
    auth=None,
    response=responses({201: PublicMessageOut}),
    tags=["public"],
)
def public_submission_reply(
    request: HttpRequest, token: StatusToken, payload: ReplyIn
) -> Status[Message]:
    """Answer the team; if it had asked for information, its clocks start again."""
    submission = _submission_for_token(token)
    return Status(201, services.submitter_reply(submission=submission, body=payload.body))

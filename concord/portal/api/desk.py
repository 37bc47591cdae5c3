"""API of the partnering desk: requests for partners, the path to a deal, and the funnel.

The team's routes answer only the organisation that received the submissions (and posted the
requests); a submitter's organisation reads its own submissions' stages, never another's; to
anyone else they are a 404. The public routes need no token: a request is public on its portal,
and the status token is the submitter's credential.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Status

from concord.core.api import Id, SignatureIn, actor, responses
from concord.core.errors import invalid
from concord.core.middleware import client_ip
from concord.core.tenancy import organisation_of
from concord.orgs.models import User
from concord.orgs.selectors import member_list
from concord.portal import selectors, services
from concord.portal.api._common import router
from concord.portal.api.triage import _portal, _public_portal, _received, _submission_for_token
from concord.portal.models import CdaSignature, DealStep, PartnerRequest, Submission
from concord.portal.schemas import (
    CdaSignatureOut,
    CdaSubmitterSignIn,
    DealPathOut,
    DealStepIn,
    FunnelOut,
    IssuedSubmissionOut,
    PartnerRequestIn,
    PartnerRequestOut,
    PartnerRequestPatchIn,
    Slug,
    StatusToken,
    SubmissionIn,
)
from concord.portal.selectors import FunnelRow


def _request_out(found: PartnerRequest) -> dict[str, Any]:
    return {
        **{name: getattr(found, name) for name in services.REQUEST_FIELDS},
        "id": found.pk,
        "modality": found.modality or None,
        "accepts_responses": found.accepts_responses,
        "response_count": found.response_count,  # type: ignore[attr-defined]
    }


def _step_out(step: DealStep, receiving: bool) -> dict[str, Any]:
    return {
        "stage": step.stage,
        "label": step.get_stage_display(),
        "on": step.on,
        "owner": str(step.owner) if receiving else None,
        "note": step.note if receiving else "",
    }


def _path_out(submission: Submission, path: selectors.DealPath, receiving: bool) -> dict[str, Any]:
    upcoming = services.next_stage(submission) if submission.deal_stage else None
    return {
        "submission_id": submission.pk,
        "reference": submission.reference,
        "deal_stage": submission.deal_stage or None,
        "deal_stage_words": submission.deal_stage_words,
        "next_stage": upcoming,
        "steps": [_step_out(step, receiving) for step in path.steps],
        "cda_signatures": path.signatures,
        "alliance_id": submission.alliance_id if receiving else None,
    }


def _row_out(row: FunnelRow) -> dict[str, Any]:
    return {"label": row.label, "counts": row.counts, "conversions": row.conversions}


# ---------------------------------------------------------------------------------------------
# The team: requests for partners


@router.get("/portal/requests", response=responses({200: list[PartnerRequestOut]}), tags=["portal"])
def partner_request_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Your organisation's requests for partners, with the responses each received."""
    user = actor(request)
    _portal(user)
    return [_request_out(r) for r in selectors.partner_request_list(user=user)]


@router.post("/portal/requests", response=responses({201: PartnerRequestOut}), tags=["portal"])
def partner_request_create(
    request: HttpRequest, payload: PartnerRequestIn
) -> Status[dict[str, Any]]:
    """Post a request for partners on your public page."""
    user = actor(request)
    _portal(user)
    fields = payload.model_dump()
    fields["modality"] = fields["modality"] or ""
    posted = services.partner_request_save(actor=user, **fields)
    return Status(201, _request_out(selectors.partner_request_list(user=user).get(pk=posted.pk)))


@router.patch(
    "/portal/requests/{request_id}", response=responses({200: PartnerRequestOut}), tags=["portal"]
)
def partner_request_update(
    request: HttpRequest, request_id: Id, payload: PartnerRequestPatchIn
) -> dict[str, Any]:
    """Change a request for partners: only the fields sent change."""
    user = actor(request)
    found = selectors.partner_request_list(user=user).filter(pk=request_id).first()
    if found is None:
        raise Http404
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    if "modality" in payload.model_fields_set:
        changes["modality"] = payload.modality or ""
    services.partner_request_save(actor=user, partner_request=found, **changes)
    return _request_out(selectors.partner_request_list(user=user).get(pk=found.pk))


# ---------------------------------------------------------------------------------------------
# The path to a deal


@router.get(
    "/portal/submissions/{submission_id}/stages",
    response=responses({200: DealPathOut}),
    tags=["portal"],
)
def deal_path(request: HttpRequest, submission_id: Id) -> dict[str, Any]:
    """Where a submission stands on the path to a deal: for the receiving team, and for the
    submitting organisation (its own submissions only, without the team's notes)."""
    user = actor(request)
    submission = selectors.submission_get(user=user, pk=submission_id)
    organisation = organisation_of(user)
    receiving = organisation is not None and organisation.pk == submission.organisation_id
    path = selectors.deal_path(user=user, submission=submission)
    return _path_out(submission, path, receiving)


@router.post(
    "/portal/submissions/{submission_id}/stages",
    response=responses({201: DealPathOut}),
    tags=["portal"],
)
def deal_stage_record(
    request: HttpRequest, submission_id: Id, payload: DealStepIn
) -> Status[dict[str, Any]]:
    """Record the next stage reached, with its day and owner; stages are never skipped, and
    nothing after the CDA comes before it is signed by both sides."""
    user = actor(request)
    submission = _received(user, submission_id)
    owner = None
    if payload.owner_id is not None:
        people = {m.user_id: m.user for m in member_list(user=user) if m.is_active}
        owner = people.get(payload.owner_id)
        if owner is None:
            raise invalid("owner_id", "The owner is an active person of your organisation.")
    services.deal_stage_record(
        actor=user,
        submission=submission,
        stage=payload.stage,
        on=payload.on,
        owner=owner,
        note=payload.note,
    )
    fresh = _received(user, submission_id)
    return Status(201, _path_out(fresh, selectors.deal_path(user=user, submission=fresh), True))


@router.post(
    "/portal/submissions/{submission_id}/cda/signature",
    response=responses({201: CdaSignatureOut}),
    tags=["portal"],
)
def cda_sign(request: HttpRequest, submission_id: Id, payload: SignatureIn) -> Status[CdaSignature]:
    """Sign the CDA for your organisation, re-entering your password; the submitter signs for
    its own side."""
    user: User = actor(request)
    submission = _received(user, submission_id)
    signature = services.cda_sign_for_receiver(
        actor=user,
        submission=submission,
        password=payload.password,
        meaning=payload.meaning,
        code=payload.code,
    )
    return Status(201, signature)


@router.post(
    "/portal/submissions/{submission_id}/cda/submitter-signature",
    response=responses({201: CdaSignatureOut}),
    tags=["portal"],
)
def cda_sign_as_submitter(
    request: HttpRequest, submission_id: Id, payload: CdaSubmitterSignIn
) -> Status[CdaSignature]:
    """Sign the CDA for the submitting organisation, through one of its people's accounts
    (a submission your organisation sent with its account); the receiving team cannot."""
    user: User = actor(request)
    submission = selectors.submission_get(user=user, pk=submission_id)
    signature = services.cda_sign_for_submitter(
        submission=submission,
        printed_name=payload.printed_name,
        authorised=payload.authorised,
        actor=user,
        through_link=False,
    )
    return Status(201, signature)


# ---------------------------------------------------------------------------------------------
# The funnel


@router.get("/portal/funnel", response=responses({200: FunnelOut}), tags=["portal"])
def portal_funnel(request: HttpRequest) -> dict[str, Any]:
    """Received → triaged → advanced → CDA → term sheet → deal, by month, area and source."""
    funnel = selectors.portal_funnel(_portal(actor(request)))
    medians = dict(funnel.median_days)
    return {
        "stages": [
            {"stage": name, "label": label, "median_days": medians.get(name)}
            for name, label in funnel.stages
        ],
        "total": _row_out(funnel.total),
        "by_month": [_row_out(r) for r in funnel.by_month],
        "by_area": [_row_out(r) for r in funnel.by_area],
        "by_source": [_row_out(r) for r in funnel.by_source],
    }


# ---------------------------------------------------------------------------------------------
# The public side


def _public_request(slug: str, request_id: int) -> PartnerRequest:
    found = selectors.public_partner_request(_public_portal(slug), request_id)
    if found is None:
        raise Http404
    return found


@router.get(
    "/public/portals/{slug}/requests",
    auth=None,
    response=responses({200: list[PartnerRequestOut]}),
    tags=["public"],
)
def public_partner_requests(request: HttpRequest, slug: Slug) -> list[dict[str, Any]]:
    """A portal's open requests for partners, with responses so far and the decision day."""
    return [_request_out(r) for r in selectors.public_partner_requests(_public_portal(slug))]


@router.post(
    "/public/portals/{slug}/requests/{request_id}/responses",
    auth=None,
    response=responses({201: IssuedSubmissionOut}),
    tags=["public"],
)
def public_request_respond(
    request: HttpRequest, slug: Slug, request_id: Id, payload: SubmissionIn
) -> Status[dict[str, str]]:
    """Answer a request for partners: a submission like any other, linked to the request."""
    portal = _public_portal(slug)
    issued = services.submission_create(
        portal=portal,
        data=payload.model_dump(),
        ip=client_ip(request),
        partner_request=_public_request(slug, request_id),
    )
    return Status(201, {"reference": issued.submission.reference, "status_token": issued.token})


@router.post(
    "/public/submissions/{token}/cda/signature",
    auth=None,
    response=responses({201: CdaSignatureOut}),
    tags=["public"],
)
def public_cda_sign(
    request: HttpRequest, token: StatusToken, payload: CdaSubmitterSignIn
) -> Status[CdaSignature]:
    """Sign the CDA for the submitting organisation, through the status token."""
    submission = _submission_for_token(token)
    signature = services.cda_sign_for_submitter(
        submission=submission, printed_name=payload.printed_name, authorised=payload.authorised
    )
    return Status(201, signature)

"""API of federated research: studies, their approval, admissions, runs and results, and the
data stewards who admit their organisation's nodes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from concord.core.api import Id, actor, paginate, responses
from concord.core.errors import invalid
from concord.core.exports import download
from concord.orgs.models import User
from concord.research import selectors, services
from concord.research.models import Study, StudyRun
from concord.research.schemas import (
    AdmitIn,
    ApprovalOut,
    RunOut,
    RunResultOut,
    StewardIn,
    StewardOut,
    StudyDetailOut,
    StudyIn,
    StudyListIn,
    StudyPageOut,
    WithdrawIn,
)

router = Router(tags=["research"])
BINARY = {
    "responses": {
        200: {
            "description": "The final model's bytes, as the run produced them.",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


def _detail(user: User, study: Study) -> Study:
    study = selectors.study_get(user=user, pk=study.pk)
    study.parts_shown = selectors.study_parts(user=user, study=study)  # type: ignore[attr-defined]
    return study


def _result(user: User, run: StudyRun) -> StudyRun:
    run = selectors.run_get(user=user, pk=run.pk)
    run.rounds_shown = selectors.rounds_of(user=user, run=run)  # type: ignore[attr-defined]
    run.comparison_shown = selectors.comparison_of(user=user, run=run)  # type: ignore[attr-defined]
    return run


@router.get("/alliances/{alliance_id}/studies", response=responses({200: StudyPageOut}))
def study_list(request: HttpRequest, alliance_id: Id, params: Query[StudyListIn]) -> dict[str, Any]:
    """The alliance's studies the caller's organisation takes part in."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    found = selectors.study_list(
        user=user,
        alliance=alliance,
        q=params.q,
        status=params.status or "",
        model=params.model or "",
    )
    return paginate(found, params)


@router.post("/alliances/{alliance_id}/studies", response=responses({201: StudyDetailOut}))
def study_propose(request: HttpRequest, alliance_id: Id, payload: StudyIn) -> Status[Study]:
    """Propose a study; its committee is asked to approve it by written consent."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    data = payload.model_dump()
    study = services.study_propose(actor=user, alliance=alliance, **data)
    return Status(201, _detail(user, study))


@router.get("/studies/{study_id}", response=responses({200: StudyDetailOut}))
def study_detail(request: HttpRequest, study_id: Id) -> Study:
    """A study: its schema, privacy, approval and each party's admission and data report."""
    user = actor(request)
    return _detail(user, selectors.study_get(user=user, pk=study_id))


@router.get("/studies/{study_id}/approval", response=responses({200: ApprovalOut}))
def study_approval(request: HttpRequest, study_id: Id) -> dict[str, Any]:
    """The committee's decision on the study and what the approval pins."""
    user = actor(request)
    study = selectors.study_get(user=user, pk=study_id)
    ref = selectors.decision_of(study)
    return {
        "study_id": study.pk,
        "status": study.status,
        "committee": study.committee_name,
        "decision_id": study.decision_id,
        "decision_reference": study.decision_reference,
        "decision_outcome": ref.outcome if ref else "",
        "decision_url": ref.url if ref else "",
        "pinned_bundle_hash": study.pinned_bundle_hash,
        "pinned_spec_digest": study.pinned_spec_digest,
    }


@router.post("/studies/{study_id}/admission", response=responses({200: StudyDetailOut}))
def study_admit(request: HttpRequest, study_id: Id, payload: AdmitIn) -> Study:
    """The caller, a data steward, admits their organisation's node to the study with the node's
    public key; admitting again with another key replaces it (a re-admission)."""
    user = actor(request)
    study = selectors.study_get(user=user, pk=study_id)
    services.study_admit(actor=user, study=study, public_key=payload.public_key)
    return _detail(user, study)


@router.post("/studies/{study_id}/withdrawal", response=responses({200: StudyDetailOut}))
def study_withdraw(request: HttpRequest, study_id: Id, payload: WithdrawIn) -> Study:
    """The caller, a data steward, withdraws their organisation's consent: no further run."""
    user = actor(request)
    study = selectors.study_get(user=user, pk=study_id)
    services.study_withdraw(actor=user, study=study, reason=payload.reason)
    return _detail(user, study)


@router.get("/studies/{study_id}/runs", response=responses({200: list[RunOut]}))
def run_list(request: HttpRequest, study_id: Id) -> list[StudyRun]:
    """The study's runs, latest first."""
    user = actor(request)
    return selectors.run_list(user=user, study=selectors.study_get(user=user, pk=study_id))


@router.post("/studies/{study_id}/runs", response=responses({201: RunOut}))
def run_start(request: HttpRequest, study_id: Id) -> Status[StudyRun]:
    """Start a run: refused without the committee's approval and every node's admission."""
    user = actor(request)
    study = selectors.study_get(user=user, pk=study_id)
    run = services.run_start(actor=user, study=study)
    return Status(201, selectors.run_get(user=user, pk=run.pk))


@router.get("/runs/{run_id}", response=responses({200: RunResultOut}))
def run_result(request: HttpRequest, run_id: Id) -> StudyRun:
    """A run's rounds, final and per-party figures, and the caller's local-only comparison."""
    user = actor(request)
    return _result(user, selectors.run_get(user=user, pk=run_id))


@router.get("/runs/{run_id}/model", response=responses({}), openapi_extra=BINARY)
def run_model(request: HttpRequest, run_id: Id) -> HttpResponse:
    """Download the final model (recorded in the audit trail)."""
    user = actor(request)
    content, filename = services.model_download(
        actor=user, run=selectors.run_get(user=user, pk=run_id)
    )
    return download(content, "application/octet-stream", filename)


@router.get("/research/stewards", response=responses({200: list[StewardOut]}))
def steward_list(request: HttpRequest) -> list[Any]:
    """Your organisation's data stewards."""
    return selectors.stewards(user=actor(request))


@router.post("/research/stewards", response=responses({201: StewardOut}))
def steward_appoint(request: HttpRequest, payload: StewardIn) -> Status[Any]:
    """Make a colleague a data steward (admins and alliance managers)."""
    user = actor(request)
    for person in selectors.steward_candidates(user=user):
        if person.pk == payload.user_id:
            return Status(201, services.steward_appoint(actor=user, user=person))
    raise invalid("user_id", "Choose an active colleague from your own organisation.")


@router.delete("/research/stewards/{steward_id}", response=responses({204: None}))
def steward_remove(request: HttpRequest, steward_id: Id) -> Status[None]:
    """End a colleague's appointment as data steward (admins and alliance managers)."""
    user = actor(request)
    services.steward_remove(actor=user, steward=selectors.steward_get(user=user, pk=steward_id))
    return Status(204, None)

"""API of the homework: fit assessments, the partner profile, the stakeholder map, alerts and
onboarding. Everything is the caller's own organisation's; another's is a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from concord.core.api import Id, actor, responses
from concord.core.errors import invalid
from concord.homework import selectors, services
from concord.homework.models import Alert, FitAssessment, Stakeholder
from concord.homework.schemas import (
    FitAssessmentIn,
    FitAssessmentOut,
    HomeworkAlertOut,
    OnboardingDoneIn,
    OnboardingOut,
    PartnerAllianceIn,
    PartnerAllianceOut,
    PartnerAreaIn,
    PartnerAreaOut,
    PartnerProfileOut,
    PartnerProgrammeIn,
    PartnerProgrammeOut,
    StakeholderIn,
    StakeholderOut,
    StakeholderPatchIn,
)
from concord.orgs.models import User

router = Router(tags=["homework"])


def _pick(people: list[User], pk: int, field: str, message: str) -> User:
    """One of `people` by id, or a 422 naming the field (the same for any other id)."""
    for person in people:
        if person.pk == pk:
            return person
    raise invalid(field, message)


@router.get(
    "/alliances/{alliance_id}/fit-assessments",
    response=responses({200: list[FitAssessmentOut]}),
)
def fit_list(request: HttpRequest, alliance_id: Id) -> list[FitAssessment]:
    """Our organisation's fit assessments of the alliance, oldest first."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    return selectors.fit_history(user=user, alliance=alliance)


@router.post(
    "/alliances/{alliance_id}/fit-assessments", response=responses({201: FitAssessmentOut})
)
def fit_create(request: HttpRequest, alliance_id: Id, payload: FitAssessmentIn) -> Status[Any]:
    """Record a fit assessment; a drift raises a private alert."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    return Status(201, services.fit_assess(actor=user, alliance=alliance, **payload.model_dump()))


@router.get(
    "/alliances/{alliance_id}/partner-profile", response=responses({200: list[PartnerProfileOut]})
)
def partner_profile(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """What our organisation knows about each partner of the alliance."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    return selectors.profiles(user=user, partners=selectors.partners(user=user, alliance=alliance))


def _fact(request: HttpRequest, alliance_id: int, kind: str, payload: Any) -> Any:
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    partners = selectors.partners(user=user, alliance=alliance)
    partner = next((p for p in partners if p.pk == payload.partner_id), None)
    if partner is None:
        raise invalid("partner_id", "Choose another party of this alliance.")
    data = payload.model_dump(exclude={"partner_id"})
    return services.partner_fact_record(
        actor=user, alliance=alliance, partner=partner, kind=kind, **data
    )


@router.post("/alliances/{alliance_id}/partner-areas", response=responses({201: PartnerAreaOut}))
def partner_area_create(
    request: HttpRequest, alliance_id: Id, payload: PartnerAreaIn
) -> Status[Any]:
    """Record an area of the partner's business and its weight."""
    return Status(201, _fact(request, alliance_id, "area", payload))


@router.post(
    "/alliances/{alliance_id}/partner-programmes", response=responses({201: PartnerProgrammeOut})
)
def partner_programme_create(
    request: HttpRequest, alliance_id: Id, payload: PartnerProgrammeIn
) -> Status[Any]:
    """Record one of the partner's programmes; a competing one raises a drift alert."""
    return Status(201, _fact(request, alliance_id, "programme", payload))


@router.post(
    "/alliances/{alliance_id}/partner-alliances", response=responses({201: PartnerAllianceOut})
)
def partner_alliance_create(
    request: HttpRequest, alliance_id: Id, payload: PartnerAllianceIn
) -> Status[Any]:
    """Record another alliance of the partner; a competing one raises a drift alert."""
    return Status(201, _fact(request, alliance_id, "alliance", payload))


@router.get(
    "/alliances/{alliance_id}/stakeholders", response=responses({200: list[StakeholderOut]})
)
def stakeholder_list(request: HttpRequest, alliance_id: Id) -> list[Stakeholder]:
    """Our private map of the partner's people."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    return selectors.stakeholder_list(user=user, alliance=alliance)


def _people(user: User, alliance: Any, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("owner_id") is not None:
        data["owner"] = _pick(
            selectors.colleagues(user=user),
            data.pop("owner_id"),
            "owner_id",
            "Choose an active person of your own organisation.",
        )
    data.pop("owner_id", None)
    if data.get("person_id") is not None:
        data["person"] = _pick(
            selectors.partner_people(user=user, alliance=alliance),
            data.pop("person_id"),
            "person_id",
            "Choose one of the partner's team members.",
        )
    data.pop("person_id", None)
    return data


@router.post("/alliances/{alliance_id}/stakeholders", response=responses({201: StakeholderOut}))
def stakeholder_create(
    request: HttpRequest, alliance_id: Id, payload: StakeholderIn
) -> Status[Any]:
    """Add one of the partner's people to our map."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    data = _people(user, alliance, payload.model_dump())
    return Status(201, services.stakeholder_create(actor=user, alliance=alliance, **data))


@router.patch("/stakeholders/{stakeholder_id}", response=responses({200: StakeholderOut}))
def stakeholder_update(
    request: HttpRequest, stakeholder_id: Id, payload: StakeholderPatchIn
) -> Stakeholder:
    """Change a stakeholder: owner, stance, last contact, or that they left."""
    user = actor(request)
    stakeholder = selectors.stakeholder_get(user=user, pk=stakeholder_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    changes = _people(user, stakeholder.alliance, changes)
    return services.stakeholder_update(actor=user, stakeholder=stakeholder, **changes)


@router.get(
    "/alliances/{alliance_id}/homework-alerts", response=responses({200: list[HomeworkAlertOut]})
)
def alert_list(request: HttpRequest, alliance_id: Id) -> list[Alert]:
    """Our drift and continuity alerts on the alliance, newest first."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    return list(selectors.alert_list(user=user, alliance=alliance))


@router.post("/homework-alerts/{alert_id}/resolve", response=responses({200: HomeworkAlertOut}))
def alert_resolve(request: HttpRequest, alert_id: Id) -> Alert:
    """Mark an alert dealt with."""
    user = actor(request)
    return services.alert_resolve(actor=user, alert=selectors.alert_get(user=user, pk=alert_id))


def _onboarding(user: User, alliance: Any) -> dict[str, Any]:
    progress = selectors.onboarding(user=user, alliance=alliance)
    wanted = {s.pk for s in progress.steps}
    people = [
        {
            "person": p.member.user,
            "steps": [
                {"ref": selectors.step_ref(s), "title": s.title, "done": p.is_done(s)}
                for s in progress.steps
            ],
            "onboarded": bool(wanted) and wanted <= p.done,
        }
        for p in progress.people
    ]
    return {
        "team_size": len(progress.people),
        "onboarded": progress.onboarded,
        "share_percent": progress.share,
        "people": people,
    }


@router.get("/alliances/{alliance_id}/onboarding", response=responses({200: OnboardingOut}))
def onboarding(request: HttpRequest, alliance_id: Id) -> dict[str, Any]:
    """Our team's onboarding on the alliance."""
    user = actor(request)
    return _onboarding(user, selectors.joined_alliance(user=user, pk=alliance_id))


@router.post("/alliances/{alliance_id}/onboarding", response=responses({200: OnboardingOut}))
def onboarding_done(
    request: HttpRequest, alliance_id: Id, payload: OnboardingDoneIn
) -> dict[str, Any]:
    """Tick an onboarding step, for oneself or (a manager) for a member of our team."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    person = None
    if payload.person_id is not None:
        team = [p.member.user for p in selectors.onboarding(user=user, alliance=alliance).people]
        person = _pick(team, payload.person_id, "person_id", "Choose a member of your team.")
    services.onboarding_step_done(actor=user, alliance=alliance, step=payload.step, person=person)
    return _onboarding(user, alliance)

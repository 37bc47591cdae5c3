"""Every read of federated research, through visible_to: a study reaches only the parties taking
part in it, and a party's local-only comparison only that party."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party
from concord.core.decisions import DecisionRef, deciding_committees, decision_outcome
from concord.core.tenancy import organisation_of
from concord.orgs.models import Membership, User
from concord.research.models import (
    DataSteward,
    LocalComparison,
    RunRound,
    Study,
    StudyParty,
    StudyRun,
)


def joined_alliance(*, user: Any, pk: int) -> Alliance:
    """An alliance the user's organisation has joined, or DoesNotExist (a 404)."""
    alliance = alliance_selectors.alliance_get(user=user, pk=pk)
    if alliance_selectors.accepted_party(user=user, alliance=alliance) is None:
        raise Alliance.DoesNotExist
    return alliance


def study_list(
    *, user: Any, alliance: Alliance, q: str = "", status: str = "", model: str = ""
) -> QuerySet[Study]:
    """The alliance's studies the user's organisation takes part in, newest first."""
    found = Study.objects.visible_to(user).filter(alliance=alliance).select_related("organisation")
    if q.strip():
        found = found.filter(Q(title__icontains=q.strip()) | Q(question__icontains=q.strip()))
    if status:
        found = found.filter(status=status)
    if model:
        found = found.filter(model=model)
    return found


def study_get(*, user: Any, pk: int) -> Study:
    return (
        Study.objects.visible_to(user)
        .select_related("alliance", "organisation", "proposed_by")
        .get(pk=pk)
    )


def study_parts(*, user: Any, study: Study) -> list[StudyParty]:
    return list(
        StudyParty.objects.visible_to(user)
        .filter(study=study)
        .select_related("organisation", "steward")
    )


def run_list(*, user: Any, study: Study) -> list[StudyRun]:
    return list(StudyRun.objects.visible_to(user).filter(study=study).select_related("started_by"))


def run_get(*, user: Any, pk: int) -> StudyRun:
    return StudyRun.objects.visible_to(user).select_related("study__alliance").get(pk=pk)


def rounds_of(*, user: Any, run: StudyRun) -> list[RunRound]:
    return list(RunRound.objects.visible_to(user).filter(run=run))


def comparison_of(*, user: Any, run: StudyRun) -> LocalComparison | None:
    """The reader's own organisation's local-only comparison for the run, if any."""
    return LocalComparison.objects.visible_to(user).filter(run=run).first()


def committees(*, alliance: Alliance) -> list[tuple[int, str]]:
    """The committees that may be asked to approve a study (their charter allows written consent)."""
    return deciding_committees(alliance)


def decision_of(study: Study) -> DecisionRef | None:
    return decision_outcome(study.decision_id) if study.decision_id else None


def joined_parties(*, user: Any, alliance: Alliance) -> list[Party]:
    return [
        p
        for p in alliance_selectors.joined_parties(user=user, alliance=alliance)
        if p.status == Party.Status.ACCEPTED
    ]


def stewards(*, user: Any) -> list[DataSteward]:
    """The data stewards of the user's own organisation."""
    return list(DataSteward.objects.visible_to(user).select_related("user", "appointed_by"))


def steward_get(*, user: Any, pk: int) -> DataSteward:
    return DataSteward.objects.visible_to(user).select_related("user").get(pk=pk)


def steward_candidates(*, user: Any) -> list[User]:
    colleagues = Membership.objects.visible_to(user).filter(is_active=True, user__is_active=True)
    return [m.user for m in colleagues.select_related("user")]


def is_steward(*, user: Any) -> bool:
    return DataSteward.objects.visible_to(user).filter(user=user).exists()


def awaiting_admission(*, user: Any) -> list[StudyParty]:
    """The reader's organisation's parts in studies whose node is not admitted yet."""
    org = organisation_of(user)
    if org is None:
        return []
    return list(
        StudyParty.objects.visible_to(user)
        .filter(organisation=org, admission=StudyParty.Admission.AWAITING)
        .exclude(study__status=Study.Status.NOT_APPROVED)
        .select_related("study__alliance")
    )

"""Every read of homework, through visible_to: a row reaches only the organisation that wrote it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party, TeamMember
from concord.core.tenancy import organisation_of
from concord.homework.models import (
    DEFAULT_STEPS,
    Alert,
    FitAssessment,
    OnboardingDone,
    OnboardingStep,
    PartnerAlliance,
    PartnerArea,
    PartnerProgramme,
    Stakeholder,
    days_old,
)
from concord.orgs.models import Membership, Organisation, User


def joined_alliance(*, user: Any, pk: int) -> Alliance:
    """An alliance the user's organisation has joined, or DoesNotExist (a 404)."""
    alliance = alliance_selectors.alliance_get(user=user, pk=pk)
    if alliance_selectors.accepted_party(user=user, alliance=alliance) is None:
        raise Alliance.DoesNotExist
    return alliance


def partners(*, user: Any, alliance: Alliance) -> list[Organisation]:
    """The other organisations that have joined the alliance: whom the homework is about."""
    own = organisation_of(user)
    return [
        p.organisation
        for p in alliance_selectors.joined_parties(user=user, alliance=alliance)
        if p.organisation_id != getattr(own, "pk", None)
    ]


@dataclass
class Profile:
    """What the reader's organisation knows about one partner."""

    partner: Organisation
    areas: list[PartnerArea] = field(default_factory=list)
    programmes: list[PartnerProgramme] = field(default_factory=list)
    alliances: list[PartnerAlliance] = field(default_factory=list)

    @property
    def stale_count(self) -> int:
        return sum(f.is_stale for f in [*self.areas, *self.programmes, *self.alliances])

    @property
    def competing(self) -> int:
        return sum(p.relation == "competes" for p in self.programmes) + sum(
            a.competes for a in self.alliances
        )


def profiles(*, user: Any, partners: list[Organisation]) -> list[Profile]:
    """The reader's organisation's profile of each partner: three queries, whatever the count."""
    found = {p.pk: Profile(p) for p in partners}
    for model, attr in (
        (PartnerArea, "areas"),
        (PartnerProgramme, "programmes"),
        (PartnerAlliance, "alliances"),
    ):
        rows = model.objects.visible_to(user).filter(partner__in=list(found))  # type: ignore[attr-defined]
        for row in rows:
            getattr(found[row.partner_id], attr).append(row)
    return list(found.values())


def fit_history(*, user: Any, alliance: Alliance) -> list[FitAssessment]:
    """The reader's organisation's fit assessments of the alliance, oldest first."""
    return list(
        FitAssessment.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("assessed_by")
        .order_by("assessed_on", "pk")
    )


def alert_list(*, user: Any, alliance: Alliance | None = None) -> QuerySet[Alert]:
    found = Alert.objects.visible_to(user).select_related("alliance", "resolved_by")
    return found.filter(alliance=alliance) if alliance is not None else found


def alert_get(*, user: Any, pk: int) -> Alert:
    return Alert.objects.visible_to(user).select_related("alliance", "organisation").get(pk=pk)


def stakeholder_list(*, user: Any, alliance: Alliance) -> list[Stakeholder]:
    return list(
        Stakeholder.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("owner", "person")
    )


def stakeholder_get(*, user: Any, pk: int) -> Stakeholder:
    return (
        Stakeholder.objects.visible_to(user)
        .select_related("alliance", "organisation", "owner", "person")
        .get(pk=pk)
    )


def colleagues(*, user: Any) -> list[User]:
    """Who may own a relationship: the active people of the user's own organisation."""
    people = Membership.objects.visible_to(user).filter(is_active=True, user__is_active=True)
    return sorted(
        (m.user for m in people.select_related("user")),
        key=lambda p: (p.first_name, p.last_name, p.pk),
    )


def partner_people(*, user: Any, alliance: Alliance) -> list[User]:
    """The partner's team members on Concord, whom a stakeholder may be linked to."""
    own = organisation_of(user)
    team = alliance_selectors.team_list(user=user, alliance=alliance).exclude(
        party__organisation=own
    )
    return [member.user for member in team]


def homework_age(*, user: Any, alliance: Alliance) -> int | None:
    """Days since the reader's organisation last assessed the fit (None: never)."""
    latest = (
        FitAssessment.objects.visible_to(user)
        .filter(alliance=alliance)
        .order_by("-assessed_on")
        .values_list("assessed_on", flat=True)
        .first()
    )
    return days_old(latest)


@dataclass
class Newcomer:
    """One of our team members and the onboarding steps they have done."""

    member: TeamMember
    done: set[int]

    def is_done(self, step: OnboardingStep) -> bool:
        return step.pk in self.done


@dataclass
class Onboarding:
    steps: list[OnboardingStep]
    people: list[Newcomer]

    @property
    def onboarded(self) -> int:
        wanted = {s.pk for s in self.steps}
        return sum(1 for p in self.people if wanted and wanted <= p.done)

    @property
    def share(self) -> int:
        """The percentage of the team onboarded."""
        return round(100 * self.onboarded / len(self.people)) if self.people else 0


def checklist(*, user: Any) -> list[OnboardingStep]:
    """The user's organisation's steps; the standard ones (unsaved) if it has none of its own."""
    steps = list(OnboardingStep.objects.visible_to(user))
    if steps:
        return [s for s in steps if not s.archived]
    return [OnboardingStep(title=title, order=i) for i, title in enumerate(DEFAULT_STEPS)]


def step_ref(step: OnboardingStep) -> str:
    """How a form names a step: its id, or "default-N" for a standard one not yet written."""
    return str(step.pk) if step.pk else f"default-{step.order}"


def onboarding(*, user: Any, alliance: Alliance) -> Onboarding:
    """Our team on the alliance and the steps each has done: three queries."""
    own = organisation_of(user)
    steps = checklist(user=user)
    team = (
        TeamMember.objects.visible_to(user)
        .filter(
            party__alliance=alliance, party__organisation=own, party__status=Party.Status.ACCEPTED
        )
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    done: dict[int, set[int]] = {}
    for person_id, step_id in (
        OnboardingDone.objects.visible_to(user)
        .filter(alliance=alliance)
        .values_list("person_id", "step_id")
    ):
        done.setdefault(person_id, set()).add(step_id)
    return Onboarding(steps, [Newcomer(m, done.get(m.user_id, set())) for m in team])

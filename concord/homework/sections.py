"""What homework adds to other pages, each read for the person's own organisation only: drift
and continuity alerts, onboarding steps and stale homework before a gate on Today, and the share
of each alliance's team onboarded in the portfolio."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max
from django.urls import reverse

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Gate, Party, TeamMember
from concord.alliances.portfolio import alliances_in_role
from concord.core import clock
from concord.core.portfolio import PortfolioColumn, PortfolioFacts
from concord.core.tenancy import organisation_of
from concord.core.today import FLAG, TodayItem
from concord.homework import selectors
from concord.homework.models import STALE_HOMEWORK_DAYS, FitAssessment, OnboardingDone

COLUMNS = [PortfolioColumn("onboarded", "Team onboarded", 85)]


def _manager(user: Any) -> bool:
    membership = getattr(user, "membership", None)
    return membership is not None and membership.can_manage_alliances


def today_items(user: Any) -> Iterable[TodayItem]:
    """Alerts and stale homework for managers, and the person's own onboarding steps."""
    items = list(_onboarding_items(user))
    if _manager(user):
        items += _alert_items(user) + _gate_items(user)
    return items


def _alert_items(user: Any) -> list[TodayItem]:
    alerts = selectors.alert_list(user=user).filter(
        resolved_at=None, alliance_id__in=alliances_in_role(user=user)
    )
    return [
        TodayItem(
            kind="homework",
            title=f"{a.get_kind_display()} (private)",
            why=a.message,
            url=reverse("homework:alliance-homework", args=[a.alliance_id]) + "#alerts",
            action="Review",
            section=FLAG,
            alliance_id=a.alliance_id,
            alliance_name=a.alliance.name,
            due=a.raised_at.date(),
        )
        for a in alerts
    ]


def _gate_items(user: Any) -> list[TodayItem]:
    """A pending gate where our fit was last assessed over 90 days ago (or never): refresh it."""
    gates = list(
        alliance_selectors.gate_list(user=user)
        .filter(status=Gate.Status.PENDING, alliance_id__in=alliances_in_role(user=user))
        .select_related("alliance")
    )
    if not gates:
        return []
    latest = dict(
        FitAssessment.objects.visible_to(user)
        .filter(alliance_id__in=[g.alliance_id for g in gates])
        .values("alliance_id")
        .annotate(last=Max("assessed_on"))
        .values_list("alliance_id", "last")
    )
    items = []
    for gate in gates:
        last = latest.get(gate.alliance_id)
        age = None if last is None else (clock.today() - last).days
        if age is not None and age <= STALE_HOMEWORK_DAYS:
            continue
        items.append(
            TodayItem(
                kind="homework",
                title="Refresh your homework before the gate",
                why=(
                    "The fit has never been assessed"
                    if age is None
                    else f"The fit was last assessed {age} days ago"
                )
                + f"; the gate to {gate.get_to_phase_display()} is pending. Private to you.",
                url=reverse("homework:fit-create", args=[gate.alliance_id]),
                action="Assess",
                alliance_id=gate.alliance_id,
                alliance_name=gate.alliance.name,
            )
        )
    return items


def _onboarding_items(user: Any) -> list[TodayItem]:
    """The person's own onboarding on each alliance team they are on, while steps remain."""
    places = list(
        TeamMember.objects.visible_to(user)
        .filter(user=user, party__status=Party.Status.ACCEPTED)
        .select_related("party__alliance")
    )
    if not places:
        return []
    checklist = selectors.checklist(user=user)
    total = len(checklist)
    done = Counter(
        OnboardingDone.objects.visible_to(user)
        .filter(person=user, step__in=[s.pk for s in checklist if s.pk])
        .values_list("alliance_id", flat=True)
    )
    items = []
    for place in places:
        alliance = place.party.alliance
        left = total - done.get(alliance.pk, 0)
        if left > 0:
            items.append(
                TodayItem(
                    kind="onboarding",
                    title=f"Onboarding: {left} of {total} steps left",
                    why="You are on this alliance's team; the briefing book is the first step.",
                    url=reverse("homework:onboarding", args=[alliance.pk]),
                    action="Continue",
                    alliance_id=alliance.pk,
                    alliance_name=alliance.name,
                )
            )
    return items


def portfolio_source(user: Any, alliance_ids: list[int]) -> dict[int, PortfolioFacts]:
    """The share of our team onboarded on each alliance: three queries, whatever the count."""
    own = organisation_of(user)
    steps = [s.pk for s in selectors.checklist(user=user) if s.pk]
    team = (
        TeamMember.objects.visible_to(user)
        .filter(party__alliance_id__in=alliance_ids, party__organisation=own)
        .values_list("party__alliance_id", "user_id")
    )
    members: dict[int, set[int]] = {}
    for alliance_id, user_id in team:
        members.setdefault(alliance_id, set()).add(user_id)
    complete: Counter[int] = Counter()
    if steps:
        rows = (
            OnboardingDone.objects.visible_to(user)
            .filter(alliance_id__in=alliance_ids, step__in=steps)
            .values("alliance_id", "person_id")
            .annotate(n=Count("step", distinct=True))
        )
        for row in rows:
            if row["n"] >= len(steps) and row["person_id"] in members.get(row["alliance_id"], ()):
                complete[row["alliance_id"]] += 1
    facts: dict[int, PortfolioFacts] = {}
    for alliance_id, people in members.items():
        share = round(100 * complete[alliance_id] / len(people))
        facts[alliance_id] = PortfolioFacts(values={"onboarded": f"{share}%"})
    return facts

"""Benchmark data and cases for expectations; see bench/run.py (EXTENSIONS) and bench/README.md.

On every one of the pharma's alliances: three years of commitments, one falling due every three
weeks, owed by each side in turn, with their deliveries (most on time and accepted, some late,
some rejected and delivered again, recent ones overdue or awaiting a verdict), and a learning
plan of three objectives reviewed every quarter. Bulk-created: benchmark data is not user
writes, so no audit events. Each alliance draws from its own seeded generator, so the measured
alliance (the pharma's first) holds the same history at every portfolio size.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from bench.run import Case, _reverse
from concord.alliances.models import Party, TeamMember
from concord.expectations.models import (
    Commitment,
    Delivery,
    LearningObjective,
    ProgressReview,
    end_of_day,
)

if TYPE_CHECKING:
    from bench.generate import Portfolio

HISTORY_DAYS = 3 * 365
EVERY = datetime.timedelta(days=21)

CASES: list[Case] = [
    Case(
        "commitments-page",
        lambda p: _reverse("expectations:commitment-list", p.focus_alliance_id),
        budget_ms=200,
        per="commitments",
    ),
    Case(
        "scorecard-page",
        lambda p: _reverse("expectations:scorecard", p.focus_alliance_id),
        budget_ms=200,
        per="commitments",
    ),
    Case(
        "api-commitments",
        lambda p: f"/api/v1/alliances/{p.focus_alliance_id}/commitments",
        auth="token",
        per="commitments",
    ),
    Case(
        "api-scorecard",
        lambda p: f"/api/v1/alliances/{p.focus_alliance_id}/scorecard",
        auth="token",
        per="commitments",
    ),
    Case(
        "portfolio-commitments-page",
        lambda p: _reverse("expectations:portfolio-commitments"),
        budget_ms=200,
        per="commitments",
    ),
    Case(
        "learning-plan-page",
        lambda p: _reverse("expectations:learning-plan", p.focus_alliance_id),
        per="commitments",
    ),
]


def extend(portfolio: Portfolio, size: int) -> None:
    """Add this capability's data to the generated portfolio; record sizes and ids on it."""
    alliance_ids = portfolio.pharma_alliance_ids()
    now = timezone.now()
    with transaction.atomic():
        for index, alliance_id in enumerate(alliance_ids):
            _alliance(random.Random(f"expectations-{index}"), alliance_id, now)
    portfolio.measures["commitments"] = Commitment.objects.unscoped().count()
    portfolio.rows["commitments"] = portfolio.measures["commitments"]
    portfolio.rows["deliveries"] = Delivery.objects.unscoped().count()
    portfolio.rows["learning reviews"] = ProgressReview.objects.unscoped().count()


def _sides(alliance_id: int) -> list[tuple[Party, Any]]:
    """Each accepted party with a person of its team to own and judge things."""
    parties = list(
        Party.objects.unscoped()
        .filter(alliance_id=alliance_id, status=Party.Status.ACCEPTED)
        .select_related("organisation")
        .order_by("pk")
    )
    team = TeamMember.objects.unscoped().filter(party__in=parties).select_related("user")
    people = {member.party_id: member.user for member in team.order_by("pk")}
    return [(party, people[party.pk]) for party in parties if party.pk in people]


def _alliance(rng: random.Random, alliance_id: int, now: datetime.datetime) -> None:
    sides = _sides(alliance_id)
    if len(sides) < 2:
        return
    start = now.date() - datetime.timedelta(days=HISTORY_DAYS)
    commitments, plans = [], []
    due, number = start, 0
    while due <= now.date() + datetime.timedelta(days=60):
        (owes, owner), (owed, judge) = sides[number % 2], sides[(number + 1) % 2]
        commitments.append(_commitment(rng, alliance_id, owes, owner, owed, due, number))
        plans.append((judge, owner))
        due, number = due + EVERY, number + 1
    commitments = Commitment.objects.bulk_create(commitments)
    deliveries = []
    for commitment, (judge, owner) in zip(commitments, plans, strict=True):
        deliveries += _deliveries(rng, commitment, owner, judge, now)
    Delivery.objects.bulk_create(deliveries)
    Commitment.objects.unscoped().bulk_update(commitments, ["state", "closed_at"])
    _learning(rng, alliance_id, sides, start, now)


def _commitment(
    rng: random.Random,
    alliance_id: int,
    owes: Party,
    owner: Any,
    owed: Party,
    due: datetime.date,
    n: int,
) -> Commitment:
    return Commitment(
        alliance_id=alliance_id,
        title=f"{rng.choice(['Quarterly report', 'Tox package', 'Assay transfer', 'Data cut'])} {n + 1}",
        kind=rng.choice(Commitment.Kind.values),
        acceptance_criteria="Complete, QA-signed, in the agreed template.",
        owner_party=owes,
        owner=owner,
        receiving_party=owed,
        due_date=due,
        due_at=end_of_day(due, owes.organisation.time_zone),
        created_by=owner,
        created_at=datetime.datetime.combine(
            due - datetime.timedelta(days=42), datetime.time(9), tzinfo=datetime.UTC
        ),
    )


def _deliveries(
    rng: random.Random, commitment: Commitment, owner: Any, judge: Any, now: datetime.datetime
) -> list[Delivery]:
    """The commitment's deliveries as its roll says; sets its state to match."""
    roll = rng.random()
    late = 0 if roll < 0.75 else rng.randint(1, 20)
    day = commitment.due_date + datetime.timedelta(days=late - (0 if late else rng.randint(0, 5)))
    if day >= now.date() or roll > 0.97:
        return []  # not delivered: pending, due soon or overdue
    rejected = 0.85 <= roll < 0.95
    first = _delivery(
        commitment, 1, owner, judge, day, late, "rejected" if rejected else "accepted", now
    )
    result = [first]
    if rejected and first.outcome == "rejected":
        again = day + datetime.timedelta(days=rng.randint(4, 12))
        if again < now.date():
            result.append(
                _delivery(
                    commitment,
                    2,
                    owner,
                    judge,
                    again,
                    max(0, (again - commitment.due_date).days),
                    "accepted",
                    now,
                )
            )
    last = result[-1]
    commitment.state = {"pending": "delivered", "accepted": "accepted", "rejected": "rejected"}[
        last.outcome
    ]
    commitment.closed_at = last.judged_at if last.outcome == "accepted" else None
    return result


def _delivery(
    commitment: Commitment,
    sequence: int,
    owner: Any,
    judge: Any,
    day: datetime.date,
    late: int,
    verdict: str,
    now: datetime.datetime,
) -> Delivery:
    delivered_at = datetime.datetime.combine(day, datetime.time(15), tzinfo=datetime.UTC)
    judged_at = delivered_at + datetime.timedelta(days=3)
    judged = judged_at < now
    return Delivery(
        commitment=commitment,
        sequence=sequence,
        delivered_by=owner,
        delivered_at=delivered_at,
        delivered_on=day,
        days_late=late,
        outcome=verdict if judged else "pending",
        judged_by=judge if judged else None,
        judged_at=judged_at if judged else None,
        judgement_comment="" if verdict == "accepted" else "Missing the QA signature.",
    )


def _learning(
    rng: random.Random,
    alliance_id: int,
    sides: list[tuple[Party, Any]],
    start: datetime.date,
    now: datetime.datetime,
) -> None:
    objectives = LearningObjective.objects.bulk_create(
        [
            LearningObjective(
                alliance_id=alliance_id,
                title=f"Learning objective {i + 1}",
                rationale="What the alliance must learn to succeed.",
                measure="Median days from proposal to decision",
                unit="days",
                baseline=Decimal("45"),
                target=Decimal("20"),
                owner=sides[i % 2][1],
                owner_party=sides[i % 2][0],
                target_date=now.date() + datetime.timedelta(days=365),
                created_by=sides[0][1],
            )
            for i in range(3)
        ]
    )
    reviews = []
    for objective in objectives:
        day = start + datetime.timedelta(days=90)
        while day < now.date():
            reviews.append(
                ProgressReview(
                    objective=objective,
                    reviewed_on=day,
                    value=Decimal(rng.randint(20, 45)),
                    reviewed_by=objective.owner,
                )
            )
            day += datetime.timedelta(days=91)
    ProgressReview.objects.bulk_create(reviews)

"""Benchmark data and cases for health; see bench/run.py (extensions) and bench/README.md.

Every alliance of the pharma gets monthly pulse rounds (6 at size 15, 24 at size 150), closed,
each answered by ten people (five per side), with the per-party and per-dimension tallies the
pages read, a comment now and then and an early warning where a score fell. Rows are bulk-created
as the services would leave them; no individual answer exists, as in the real thing.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from bench.run import Case, _reverse
from concord.alliances.models import Party
from concord.health.models import (
    Comment,
    Dimension,
    DimensionTally,
    EarlyWarning,
    Kind,
    Respondent,
    Round,
    RoundParty,
    mean,
)
from concord.health.services import add_months, builtin_instruments_ensure, current_version
from concord.orgs.models import Membership

if TYPE_CHECKING:
    from bench.generate import Portfolio

ROUNDS = {15: 6, 150: 24}  # monthly pulses per alliance at each size
PER_SIDE = 5  # respondents per party and round: ten per round in a two-party alliance

CASES: list[Case] = [
    Case("health-page", lambda p: _reverse("health:portfolio"), budget_ms=200, per="rounds"),
    Case(
        "api-health-portfolio",
        lambda p: "/api/v1/health/portfolio",
        auth="token",
        budget_ms=200,
        per="rounds",
    ),
    Case(
        "api-health-trend",
        lambda p: f"/api/v1/alliances/{p.focus_alliance_id}/health/trend",
        auth="token",
        budget_ms=200,
        per="rounds",
    ),
    Case(
        "api-health-results",
        lambda p: f"/api/v1/health/rounds/{p.ids['health_round']}/results",
        auth="token",
        budget_ms=200,
        per="rounds",
    ),
]


def extend(portfolio: Portfolio, size: int) -> None:
    """Add this capability's data to the generated portfolio; record sizes and ids on it."""
    # Two years of monthly pulses from 150 alliances up: a bigger portfolio has more alliances,
    # not a longer history.
    count = ROUNDS.get(size, max(1, min(24, size * 24 // 150)))
    version = current_version(builtin_instruments_ensure()[Kind.PULSE])
    dimensions = list(Dimension.objects.unscoped().filter(version=version))
    pharma = portfolio.pharma_manager.membership.organisation_id
    alliance_ids = list(
        Party.objects.unscoped()
        .filter(organisation_id=pharma, status=Party.Status.ACCEPTED)
        .values_list("alliance_id", flat=True)
    )
    with transaction.atomic():
        rounds = _rounds(alliance_ids, version.pk, count)
        _answers(rounds, dimensions)
    portfolio.measures["rounds"] = len(rounds)
    focus = [r for r in rounds if r.alliance_id == portfolio.focus_alliance_id]
    portfolio.ids["health_round"] = focus[-1].pk


def _rounds(alliance_ids: list[int], version_id: int, count: int) -> list[Round]:
    """Monthly pulses up to last month, all closed."""
    now = timezone.now()
    rows = []
    for alliance_id in alliance_ids:
        for back in range(count, 0, -1):
            opens = add_months(now, -back)
            rows.append(
                Round(
                    alliance_id=alliance_id,
                    kind=Kind.PULSE,
                    version_id=version_id,
                    title=f"Pulse, {opens:%B %Y}",
                    period=f"{opens:%Y-%m}",
                    opens_at=opens,
                    closes_at=opens + datetime.timedelta(days=10),
                    closed_at=opens + datetime.timedelta(days=10),
                    status=Round.Status.CLOSED,
                )
            )
    return Round.objects.bulk_create(rows, batch_size=2000)


def _answers(rounds: list[Round], dimensions: list[Dimension]) -> None:
    """Each party's tallies (five answers each), invitations, a few comments and warnings."""
    parties: dict[int, list[Party]] = {}
    for party in Party.objects.unscoped().filter(
        alliance_id__in={r.alliance_id for r in rounds}, status=Party.Status.ACCEPTED
    ):
        parties.setdefault(party.alliance_id, []).append(party)
    people: dict[int, list[int]] = {}
    for org, user in Membership.objects.unscoped().values_list("organisation_id", "user_id"):
        people.setdefault(org, []).append(user)
    drawn = []
    for round_ in rounds:
        rng = random.Random(f"health-{round_.alliance_id}-{round_.period}")
        for party in parties.get(round_.alliance_id, []):
            totals = [sum(rng.choice([3, 4, 4, 4, 5]) for _ in range(PER_SIDE)) for _ in dimensions]
            tally = RoundParty(
                round=round_, party=party, organisation_id=party.organisation_id,
                invited=PER_SIDE + 1, responded=PER_SIDE,
                answers=PER_SIDE * len(dimensions), score_sum=sum(totals),
            )  # fmt: skip
            drawn.append(
                (tally, totals, rng.sample(people[party.organisation_id], PER_SIDE + 1), rng)
            )
    RoundParty.objects.bulk_create([d[0] for d in drawn], batch_size=2000)
    dimension_rows, respondents, comments, warnings = [], [], [], []
    for tally, totals, users, rng in drawn:
        for dimension, total in zip(dimensions, totals, strict=True):
            dimension_rows.append(
                DimensionTally(
                    round_party=tally, dimension=dimension, answers=PER_SIDE, score_sum=total
                )
            )
            score = mean(total, PER_SIDE)
            if score is not None and score < 3:
                warnings.append(_warning(tally, dimension, score))
        respondents += [_respondent(tally, user, i < PER_SIDE) for i, user in enumerate(users)]
        if rng.random() < 0.3:
            comments.append(
                Comment(
                    round_party=tally, organisation_id=tally.organisation_id,
                    text="Decisions came faster this month.", shuffle=rng.randrange(2**31),
                )
            )  # fmt: skip
    DimensionTally.objects.bulk_create(dimension_rows, batch_size=5000)
    Respondent.objects.bulk_create(respondents, batch_size=5000)
    Comment.objects.bulk_create(comments, batch_size=5000)
    EarlyWarning.objects.bulk_create(warnings, batch_size=2000)


def _respondent(tally: RoundParty, user_id: int, answered: bool) -> Respondent:
    digest = hashlib.sha256(f"bench-health-{tally.pk}-{user_id}".encode()).hexdigest()
    return Respondent(
        round_id=tally.round_id,
        round_party=tally,
        user_id=user_id,
        token_hash=digest,
        invited_at=tally.round.opens_at,
        has_answered=answered,
    )


def _warning(tally: RoundParty, dimension: Dimension, score: object) -> EarlyWarning:
    return EarlyWarning(
        round_id=tally.round_id,
        round_party=tally,
        dimension_key=dimension.key,
        dimension_name=dimension.name,
        score=score,
        reason=EarlyWarning.Reason.LOW,
        severity=EarlyWarning.Severity.MEDIUM,
        created_at=tally.round.closed_at or tally.round.closes_at,
    )

"""Each submission's life, planned from the seeded generator before the story plays: when it
arrives, who reviews and scores it, what is asked, and how and when it is decided.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from concord.demo.chapters.portal.castlegate import (
    AREA_MIX,
    BD_REVIEWER,
    DEAL_PATH_DAYS,
    DEAL_TARGETS,
    DEFAULT_RND_BIAS,
    HISTORY_DAYS,
    REQUESTS,
    RND_BIAS,
    RND_REVIEWER,
    SEED,
    SUBMISSIONS,
)
from concord.demo.chapters.portal.programmes import DEAL_MIX, STAGE_MIX, _asset, data_summary
from concord.demo.chapters.portal.submitters import ACCOUNTS, _submitters
from concord.demo.chapters.portal.words import COMMENTS, NIH_COMMENTS, _reasons
from concord.portal.models import Criterion, Submission


@dataclass
class Plan:
    """One submission's life: who sends what, when, and what happens to it (days after sending)."""

    data: dict[str, Any]
    submitted: datetime.datetime
    account: tuple[str, str] | None = None
    assign: bool = False
    first_response: float | None = None
    question: float | None = None
    reply: float | None = None
    note: float | None = None
    reviews: list[tuple[str, float, dict[str, dict[str, Any]]]] = field(default_factory=list)
    decide: float | None = None
    outcome: str = Submission.Status.DECLINED
    reasons: list[str] = field(default_factory=list)
    decider: str = "daniel"
    create_alliance: bool = False
    # After advancing: the stages reached on the path to a deal, in days after the decision.
    deal_path: list[tuple[str, float]] = field(default_factory=list)
    request: int | None = None  # the request for partners it answers (its place in REQUESTS)


def _weighted(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*mix, strict=True)
    return rng.choices(values, weights)[0]


def _scores(rng: random.Random, level: float, *, nih: bool = False) -> dict[str, dict[str, Any]]:
    """A reviewer's rubric around a level (1–5), with the comment each score deserves."""
    scores = {}
    for criterion in Criterion.values:
        score = max(1, min(5, round(level + rng.uniform(-0.8, 0.8))))
        band = 0 if score <= 2 else 1 if score == 3 else 2
        comment = COMMENTS[criterion][band]
        if nih and criterion in ("differentiation", "data_strength") and score <= 3:
            comment = rng.choice(NIH_COMMENTS)
        scores[criterion] = {"score": score, "comment": comment}
    return scores


def plans(start: datetime.datetime) -> list[Plan]:
    """Every submission's life, drawn from one seeded generator; `start` is the first one's day."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, random on purpose but repeatable
    submitters = _submitters(rng)
    result = []
    for index in range(SUBMISSIONS):
        # A little more traffic as word of the portal spreads.
        offset = 1 + (HISTORY_DAYS - 1) * rng.random() ** 1.15
        submitted = start + datetime.timedelta(days=HISTORY_DAYS - offset)
        submitted = submitted.replace(hour=rng.randint(7, 18), minute=rng.randint(0, 59))
        area = _weighted(rng, AREA_MIX)
        stage, deal = _weighted(rng, STAGE_MIX), _weighted(rng, DEAL_MIX)
        account = ACCOUNTS[index // 40] if index % 40 == 7 and index // 40 < len(ACCOUNTS) else None
        if account:
            from concord.demo.data import ORG_BY_KEY

            org = ORG_BY_KEY[account[0]]
            person = next(p for p in org.people if p.key == account[1])
            who = (org.name, f"{person.first} {person.last}", org.email(person.key))
        else:
            who = submitters[rng.randrange(len(submitters))]
        data = {
            "contact_name": who[1],
            "contact_email": who[2],
            "submitter_organisation_name": who[0],
            **_asset(rng, who[0], area, stage, deal, index),
        }
        result.append(_life(rng, Plan(data, submitted, account=account)))
    _showcase(result, start)
    return result


def _life(rng: random.Random, plan: Plan) -> Plan:
    """What happens to one submission: answers within the service levels, mostly."""
    data = plan.data
    area = data["therapeutic_area"]
    ruled_out = area in ("infectious",) or data["stage"] in ("filed", "approved")
    sought = area in BD_REVIEWER
    plan.assign = not sought
    bd, rnd = BD_REVIEWER.get(area, "priya"), RND_REVIEWER.get(area, "amara")
    plan.decider = bd
    roll = rng.random()
    if ruled_out or (not sought and roll < 0.5):
        # Outside the published areas: a quick, courteous decline after one BD read.
        plan.reviews = [(bd, rng.uniform(2, 9), _scores(rng, rng.uniform(1.5, 2.8)))]
        plan.decide = rng.uniform(10, 24)
        plan.reasons = ["outside_focus"]
        return _late(rng, plan, roll)
    plan.first_response = rng.uniform(2, 24)
    quality = rng.uniform(2.8, 4.6) if area == "oncology" else rng.uniform(1.8, 4.4)
    bias = RND_BIAS.get(area, DEFAULT_RND_BIAS)
    bd_at = plan.first_response + rng.uniform(2, 15)
    rnd_at = plan.first_response + rng.uniform(5, 30)
    plan.reviews = [(bd, bd_at, _scores(rng, quality))]
    if rng.random() < 0.92:
        nih = area == "oncology"
        plan.reviews.append((rnd, rnd_at, _scores(rng, quality - bias, nih=nih)))
    if rng.random() < 0.12:
        plan.question = plan.first_response + rng.uniform(3, 12)
        plan.reply = plan.question + rng.uniform(3, 16)
    if rng.random() < 0.2:
        plan.note = bd_at + 0.2
    plan.decide = max(t for _, t, _ in plan.reviews) + rng.uniform(4, 30)
    if plan.reply:
        plan.decide = max(plan.decide, plan.reply + rng.uniform(5, 20))
    if sought and quality > 4.25 and rng.random() < 0.5:
        plan.outcome = Submission.Status.CDA
        plan.reasons = []
    else:
        plan.reasons = _reasons(rng, data, quality)
    return _late(rng, plan, roll)


def _late(rng: random.Random, plan: Plan, roll: float) -> Plan:
    """Some answers come late: a slow first response, a slow decision, or none yet at all."""
    if roll > 0.985:
        # Forgotten: nobody has answered; the sweep reminds, then escalates.
        plan.first_response = plan.question = plan.reply = plan.note = plan.decide = None
        plan.reviews = []
    elif roll > 0.9 and plan.first_response is not None:
        plan.first_response = rng.uniform(33, 55)
        shift = plan.first_response - min(t for _, t, _ in plan.reviews)
        plan.reviews = [(who, t + max(shift, 0) + 1, s) for who, t, s in plan.reviews]
        if plan.question is not None:
            plan.question = plan.first_response + 4
            plan.reply = plan.question + 6
        plan.decide = max(plan.decide or 0, max(t for _, t, _ in plan.reviews) + 5)
    elif roll > 0.8 and plan.decide is not None:
        plan.decide = max(plan.decide, rng.uniform(95, 150))
    elif plan.decide is not None:
        plan.decide = min(plan.decide, rng.uniform(75, 88))
    # Nothing happens to a submission after its decision: reviews and answers come first.
    if plan.decide is not None:
        before = [t for _, t, _ in plan.reviews] + [t for t in (plan.reply, plan.note) if t]
        plan.decide = max([plan.decide, *(t + 0.5 for t in before)])
    return plan


def _showcase(result: list[Plan], start: datetime.datetime) -> None:
    """A few stories worth finding: submissions along the path to a deal, one that became an
    alliance, and the answers to two requests for partners."""
    quillon = next(p for p in result if p.account and p.account[0] == "quillon")
    quillon.data |= {
        "asset_name": "QN-311",
        "modality": "small_molecule",
        "therapeutic_area": "neuroscience",
        "indication": "GBA-associated Parkinson's disease",
        "stage": "phase_1",
        "mechanism": "Oral, brain-penetrant allosteric activator of GCase",
        "data_summary": data_summary("neuroscience", "small_molecule", "phase_1"),
        "deal_type": "licence",
    }
    quillon.assign = False
    quillon.decider = "rafael"  # an alliance manager: advancing opens an alliance
    quillon.first_response, quillon.question, quillon.reply, quillon.note = 6, None, None, None
    quillon.reviews = [
        ("rafael", 12, {c: {"score": 5, "comment": COMMENTS[c][2]} for c in Criterion.values}),
        ("kenji", 18, {c: {"score": 4, "comment": COMMENTS[c][2]} for c in Criterion.values}),
    ]
    # Seven months before the story ends: long enough for the whole path to a signed deal.
    quillon.submitted = start + datetime.timedelta(days=HISTORY_DAYS - 210, hours=11)
    quillon.decide, quillon.reasons = 41, []
    quillon.outcome, quillon.create_alliance = Submission.Status.CDA, True
    quillon.deal_path = _path_to("deal_signed")
    advanced = sorted(
        (
            p
            for p in result
            if p.outcome == Submission.Status.CDA and p.decide is not None and p is not quillon
        ),
        key=lambda p: p.submitted + datetime.timedelta(days=p.decide or 0),
    )
    for plan, target in zip(advanced, DEAL_TARGETS, strict=False):
        plan.deal_path = _path_to(target)
    _answers(result, start)


def _path_to(target: str) -> list[tuple[str, float]]:
    """The stages up to `target`, each at its usual distance from the decision."""
    stages = list(DEAL_PATH_DAYS)
    return [(stage, DEAL_PATH_DAYS[stage]) for stage in stages[: stages.index(target) + 1]]


def _answers(result: list[Plan], start: datetime.datetime) -> None:
    """The first few submissions in each request's area after it was posted answer it."""
    end = start + datetime.timedelta(days=HISTORY_DAYS)
    taken: set[int] = set()
    for number, (days_before, _, area, *_rest) in enumerate(REQUESTS):
        posted = end - datetime.timedelta(days=days_before)
        later = sorted(
            (p for p in result if p.submitted > posted + datetime.timedelta(days=1)),
            key=lambda p: p.submitted,
        )
        answers = [p for p in later if p.data["therapeutic_area"] == area and id(p) not in taken]
        for plan in answers[:4]:
            plan.request = number
            taken.add(id(plan))

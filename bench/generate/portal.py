"""The measured pharma's partnering portal: submissions, reviews, dialogue and decisions."""

from __future__ import annotations

import datetime
import hashlib
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from bench.generate._common import (
    FIRST_NAMES,
    LAST_NAMES,
    PREFIXES,
    SENTENCES,
    Cast,
    Portfolio,
    _chain,
    _counts,
    _event,
)
from concord.core.vocabulary import Modality, Stage, TherapeuticArea
from concord.orgs.models import Membership, User
from concord.portal.clock import deadlines_set
from concord.portal.models import (
    AreaOfInterest,
    Criterion,
    DeclineReason,
    Message,
    PartnerRequest,
    Portal,
    Review,
    Submission,
)
from concord.portal.services import portal_statistics_rebuild
from concord.portal.services.funnel import funnel_rebuild
from concord.portal.services.queue_counts import queue_counts_rebuild

# --- The partnering portal ------------------------------------------------------------------

PORTAL_HISTORY = datetime.timedelta(days=540)
PORTAL_AREAS = (
    # (title, therapeutic areas, modalities, stages): each routed to one BD and one R&D reviewer
    ("Oncology", ["oncology"], ["adc", "antibody", "small_molecule"], ["preclinical", "phase_1"]),
    ("Neuroscience", ["neuroscience"], ["small_molecule", "rna"], ["preclinical", "phase_1"]),
    ("Immunology", ["immunology"], ["antibody", "protein"], ["phase_1", "phase_2"]),
    ("Rare disease", ["rare"], ["gene_therapy", "rna"], ["preclinical", "phase_1"]),
)
FEEDBACK = (
    "Thank you for the submission and the care that went into it. Our business development and "
    "R&D reviewers scored it on the published rubric; at this stage we would want to see in vivo "
    "proof of mechanism and a clearer benefit over existing options before opening a discussion. "
    "You are welcome to submit again as the programme moves on."
)


def _portal(
    rng: random.Random,
    cast: Cast,
    count: int,
    now: datetime.datetime,
    events: list[tuple[datetime.datetime, dict[str, Any]]],
) -> None:
    """The pharma's portal and `count` submissions, with reviews, dialogue and decisions."""
    if not count:
        return
    team = cast.people[cast.pharma.pk]
    head = next(m.user for m in team if m.role == "business_development")
    portal = Portal.objects.create(
        organisation=cast.pharma,
        slug="benchmark",
        head_of_bd=head,
        publish_statistics=True,
        weights={"strategic_fit": 2, "unmet_need": 1.5},
    )
    bd, rnd = _portal_reviewers(team)
    for i, (title, areas, modalities, stages) in enumerate(PORTAL_AREAS):
        area = AreaOfInterest.objects.create(
            portal=portal,
            title=title,
            therapeutic_areas=areas,
            modalities=modalities,
            stages=stages,
            deal_types=["licence", "co_development"],
        )
        area.reviewers.set([bd[i % len(bd)], rnd[i % len(rnd)]])
    AreaOfInterest.objects.create(
        portal=portal, kind="avoid", title="Vaccines", modalities=["vaccine"]
    )
    PartnerRequest.objects.create(
        portal=portal,
        title="Oral GLP-1 receptor agonists",
        seeking="A small molecule with once-weekly oral dosing.",
        therapeutic_area="cardiometabolic",
        modality="small_molecule",
        good_response="Exposure and receptor occupancy in two species.",
        respond_by=now.date() + datetime.timedelta(days=60),
        decide_by=now.date() + datetime.timedelta(days=150),
        created_by=head,
    )
    _submissions(rng, portal, team, range(count), now, events)


def _portal_reviewers(team: list[Membership]) -> tuple[list[User], list[User]]:
    """The pharma's BD reviewers and its R&D reviewers."""
    bd = [m.user for m in team if m.role in ("business_development", "alliance_manager")]
    rnd = [m.user for m in team if m.role == "scientist"]
    return bd, rnd


def _submissions(
    rng: random.Random,
    portal: Portal,
    team: list[Membership],
    indexes: range,
    now: datetime.datetime,
    events: list[tuple[datetime.datetime, dict[str, Any]]],
) -> None:
    """Submissions numbered `indexes`, with their reviewers, reviews, dialogue and audit events,
    and the portal's statistics kept by day worked out as the services keep them."""
    bd, rnd = _portal_reviewers(team)
    lives = [_submission_life(rng, portal, i, now) for i in indexes]
    _on_the_desk(portal, lives, indexes)
    kept = deadlines_set([life.submission for life in lives], portal)  # as submission_create does
    created = Submission.objects.bulk_create(kept, batch_size=1000)
    through = Submission.reviewers.through
    assigned, reviews, messages = [], [], []
    routes = {areas[0]: i for i, (_, areas, _, _) in enumerate(PORTAL_AREAS)}
    for index, (life, submission) in enumerate(zip(lives, created, strict=True)):
        route = routes.get(submission.therapeutic_area, index % len(PORTAL_AREAS))
        pair = (bd[route % len(bd)], rnd[route % len(rnd)])
        assigned += [through(submission_id=submission.pk, user_id=u.pk) for u in pair]
        reviews += _reviews(rng, life, submission, pair, portal)
        messages += _dialogue(life, submission, pair[0])
        _submission_events(life, submission, pair[0], events)
    through.objects.bulk_create(assigned, batch_size=2000)
    Review.objects.bulk_create(reviews, batch_size=2000)
    Message.objects.bulk_create(messages, batch_size=2000)
    portal_statistics_rebuild(portal.organisation_id)  # written around the services: keep in step
    funnel_rebuild(portal.organisation_id)
    queue_counts_rebuild(portal.organisation_id)


ADVANCED_STAGES = ("cda_requested", "cda_sent", "cda_signed", "evaluation")
TERM_STAGES = ("term_sheet", "deal_signed")


def _on_the_desk(portal: Portal, lives: list[_Life], indexes: range) -> None:
    """Every 33rd submission answers the portal's request for partners; advanced ones stand
    somewhere on the path to a deal (by their number, so the random draws stay as they were)."""
    request = PartnerRequest.objects.unscoped().filter(portal=portal).first()
    for index, life in zip(indexes, lives, strict=True):
        submission = life.submission
        if request is not None and index % 33 == 0:
            submission.request = request
        if submission.status == Submission.Status.CDA:
            submission.deal_stage = ADVANCED_STAGES[index % len(ADVANCED_STAGES)]
        elif submission.status == Submission.Status.TERM_SHEET:
            submission.deal_stage = TERM_STAGES[index % len(TERM_STAGES)]


def grow_portal(portfolio: Portfolio, submissions: int, *, seed: int = 2026) -> float:
    """Add submissions to the generated portal until it has received `submissions` in all, over
    the same eighteen months, with their audit events chained on; returns the seconds taken."""
    started = time.monotonic()
    portal = Portal.objects.unscoped().get(slug="benchmark")
    team = list(
        Membership.objects.unscoped()
        .filter(organisation=portal.organisation_id)
        .select_related("user")
        .order_by("pk")
    )
    events: list[tuple[datetime.datetime, dict[str, Any]]] = []
    with transaction.atomic():
        rng = random.Random(f"{seed}-portal-{portfolio.submissions}")
        indexes = range(portfolio.submissions, submissions)
        _submissions(rng, portal, team, indexes, timezone.now(), events)
        _chain(events)
        portfolio.rows = _counts()
    portfolio.submissions = submissions
    return time.monotonic() - started


@dataclass
class _Life:
    """One generated submission and when things happened to it (None: not yet)."""

    submission: Submission
    quality: float
    reviewed: datetime.datetime | None = None
    asked: datetime.datetime | None = None
    replied: datetime.datetime | None = None


def _submission_life(
    rng: random.Random, portal: Portal, index: int, now: datetime.datetime
) -> _Life:
    """A submission's fields and history: most answered in time, some late, the newest open."""
    submitted = now - PORTAL_HISTORY + datetime.timedelta(seconds=rng.uniform(0, 540 * 86400))
    area = rng.choice(TherapeuticArea.values)
    roll = rng.random()
    first = None if roll > 0.985 else rng.uniform(33, 60) if roll > 0.9 else rng.uniform(1, 28)
    decide = None if first is None else first + rng.uniform(5, 60)
    if decide is not None and 0.8 < roll <= 0.9:
        decide = rng.uniform(92, 150)
    asked = first + 4 if first is not None and rng.random() < 0.08 else None
    replied = asked + rng.uniform(3, 15) if asked is not None else None
    if decide is not None and replied is not None:
        decide = max(decide, replied + 5)

    def at(days: float | None) -> datetime.datetime | None:
        when = submitted + datetime.timedelta(days=days) if days is not None else None
        return when if when is not None and when < now else None

    life = _Life(
        submission=Submission(), quality=rng.uniform(1.8, 4.6), asked=at(asked), replied=at(replied)
    )
    if first is not None:
        life.reviewed = at(first + rng.uniform(1, 5))
    decided = at(decide)
    status: str = Submission.Status.RECEIVED
    if decided is not None:
        status = rng.choices(["declined", "cda", "term_sheet"], [92, 6, 2])[0]
    elif life.asked is not None and life.replied is None:
        status = Submission.Status.INFO_REQUESTED
    elif life.reviewed is not None:
        status = Submission.Status.UNDER_REVIEW
    paused = int((life.replied - life.asked).total_seconds()) if life.replied and life.asked else 0
    score = rng.choice([0, 25, 50, 75, 100])
    first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    company = f"{rng.choice(PREFIXES)} {rng.choice(['Bio', 'Therapeutics', 'Medicines'])}"
    life.submission = Submission(
        organisation_id=portal.organisation_id,
        reference=f"BENCHMARK-{submitted.year}-{index + 1:05d}",
        token_hash=hashlib.sha256(f"bench-submission-{index}".encode()).hexdigest(),
        contact_name=f"{first_name} {last_name}",
        contact_email=f"{first_name.lower()}.{index}@submitter.bench.example",
        submitter_organisation_name=company,
        asset_name=f"SX-{rng.randint(100, 9999)}",
        modality=rng.choice(Modality.values),
        therapeutic_area=area,
        indication=f"Indication {rng.randint(1, 300)}",
        stage=rng.choice(Stage.values),
        mechanism=f"Selective modulator of target {rng.randint(1, 500)}",
        differentiation=" ".join(rng.sample(SENTENCES, 3)),
        data_summary=" ".join(rng.sample(SENTENCES, 5)),
        ip_status="Composition-of-matter application filed; national phase entered.",
        deal_type=rng.choice(["licence", "co_development", "research", "build_to_buy"]),
        attested_non_confidential=True,
        status=status,
        submitted_at=submitted,
        acknowledged_at=submitted,
        first_response_at=at(first) or (decided if decided else None),
        decided_at=decided,
        paused_since=life.asked if status == Submission.Status.INFO_REQUESTED else None,
        paused_seconds=paused,
        match_score=score,
        match_explanation=[{"area": "Oncology", "matched": ["Oncology"]}] if score else [],
        decline_reasons=rng.sample(DeclineReason.values, rng.randint(1, 2))
        if status == Submission.Status.DECLINED
        else [],
        feedback=FEEDBACK if status == Submission.Status.DECLINED else "",
    )
    return life


def _reviews(
    rng: random.Random,
    life: _Life,
    submission: Submission,
    pair: tuple[User, User],
    portal: Portal,
) -> list[Review]:
    """A BD review and, mostly, an R&D one, R&D scoring oncology lower."""
    if life.reviewed is None:
        return []
    reviews: list[Review] = []
    for track, reviewer, shift in (("bd", pair[0], 0.0), ("rnd", pair[1], 0.3)):
        if track == "rnd":
            if rng.random() < 0.2:
                break
            shift = 1.5 if submission.therapeutic_area == "oncology" else shift
        points = {
            c: max(1, min(5, round(life.quality - shift + rng.uniform(-0.8, 0.8))))
            for c in Criterion.values
        }
        scores = {c: {"score": n, "comment": rng.choice(SENTENCES)} for c, n in points.items()}
        weights = {c: portal.weight(c) for c in Criterion.values}
        total = sum((weights[c] * n for c, n in points.items()), Decimal(0))
        weighted = (total / sum(weights.values(), Decimal(0))).quantize(Decimal("0.01"))
        reviews.append(
            Review(
                submission_id=submission.pk,
                reviewer=reviewer,
                track=track,
                scores=scores,
                weighted_score=weighted,
                submitted_at=life.reviewed + datetime.timedelta(hours=len(reviews) * 30),
            )
        )
    return reviews


def _dialogue(life: _Life, submission: Submission, author: User) -> list[Message]:
    """The first answer, any question and its reply, and the decision."""
    rows = []

    def add(when: datetime.datetime, kind: str, body: str, *, submitter: bool = False) -> None:
        rows.append(
            Message(
                submission_id=submission.pk,
                kind=kind,
                from_submitter=submitter,
                author=None if submitter else author,
                author_label=submission.contact_name if submitter else author.get_full_name(),
                body=body,
                created_at=when,
            )
        )

    first = submission.first_response_at
    if first is not None and first != submission.decided_at:
        add(first, "message", "Thank you for your submission; it is under review.")
    if life.asked is not None:
        add(life.asked, "question", "Could you share the dose-response data?")
    if life.replied is not None:
        add(life.replied, "message", "Attached to the data summary now.", submitter=True)
    if submission.decided_at is not None:
        add(submission.decided_at, "decision", submission.feedback or "Advanced.")
    return rows


def _submission_events(
    life: _Life,
    submission: Submission,
    actor: User,
    events: list[tuple[datetime.datetime, dict[str, Any]]],
) -> None:
    """Receipt and decision in the audit chain, private to the pharma."""
    org = submission.organisation_id
    received = _event(actor, org, None, "submission", submission.pk, "submission.received", "")
    received.update(
        actor=None,
        actor_label="Concord",
        summary=f"Submission {submission.reference} received",
        visibility="private",
    )
    events.append((submission.submitted_at, received))
    if submission.decided_at is not None:
        action = f"submission.{submission.status}"
        summary = f"{actor} decided {submission.reference}"
        decided = _event(actor, org, None, "submission", submission.pk, action, summary)
        decided.update(visibility="private")
        events.append((submission.decided_at, decided))

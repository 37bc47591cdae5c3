"""The portal played through its services: opened, then each planned submission's steps at their
moments in office hours, and the weekly reminder sweep.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances import services as alliance_services
from concord.alliances.models import Party
from concord.core import clock
from concord.demo.chapters.portal.castlegate import (
    AREAS,
    BD_REVIEWER,
    HEAD_OF_BD,
    HISTORY_DAYS,
    INTRODUCTION,
    OPENED_DAYS,
    REQUESTS,
    RND_REVIEWER,
    SEED,
    SLUG,
    WEIGHTS,
)
from concord.demo.chapters.portal.plans import Plan, plans
from concord.demo.chapters.portal.words import FIRST_RESPONSES, QUESTIONS, _feedback
from concord.demo.data.cast import DEMO_PASSWORD
from concord.portal import services as portal_services
from concord.portal.models import PartnerRequest, Portal, Submission

if TYPE_CHECKING:
    from concord.demo.story import Story


class PortalRun:
    """The portal and its submissions as they come to be while the story plays."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.submissions: dict[int, Submission] = {}
        self.requests: dict[int, PartnerRequest] = {}

    def person(self, key: str) -> Any:
        return self.story.person("castlegate", key)

    def portal(self) -> Portal:
        return Portal.objects.unscoped().select_related("organisation").get(slug=SLUG)

    def open(self) -> None:
        """The head of BD opens the portal and publishes the areas of interest."""
        daniel = self.person(HEAD_OF_BD)
        portal_services.portal_save(
            actor=daniel,
            slug=SLUG,
            introduction=INTRODUCTION,
            head_of_bd=daniel,
            first_response_days=30,
            decision_days=90,
            publish_statistics=True,
            weights=WEIGHTS,
        )
        for title, kind, areas, modalities, stages, deals, reviewers, text in AREAS:
            portal_services.area_save(
                actor=daniel,
                title=title,
                kind=kind,
                description=text,
                therapeutic_areas=areas,
                modalities=modalities,
                stages=stages,
                deal_types=deals,
                reviewers=[self.person(r) for r in reviewers],
            )

    def post_request(self, number: int) -> None:
        """The head of BD posts a request for partners on the public page."""
        _, title, area, modality, seeking, good, respond_in, decide_in = REQUESTS[number]
        today = clock.today()  # the demo clock: the story's day when this runs
        self.requests[number] = portal_services.partner_request_save(
            actor=self.person(HEAD_OF_BD),
            title=title,
            therapeutic_area=area,
            modality=modality,
            seeking=seeking,
            good_response=good,
            respond_by=today + datetime.timedelta(days=respond_in),
            decide_by=today + datetime.timedelta(days=decide_in),
        )

    def submit(self, index: int, plan: Plan) -> None:
        submitter = self.story.person(*plan.account) if plan.account else None
        issued = portal_services.submission_create(
            portal=self.portal(),
            data=plan.data,
            submitter=submitter,
            partner_request=self.requests.get(plan.request) if plan.request is not None else None,
        )
        self.submissions[index] = issued.submission

    def current(self, index: int) -> Submission:
        return Submission.objects.unscoped().get(pk=self.submissions[index].pk)

    def assign(self, index: int, area: str) -> None:
        """Triage: a submission no area routed gets reviewers by hand."""
        submission = self.current(index)
        if not submission.reviewers.exists():
            reviewers = [self.person(BD_REVIEWER.get(area, "priya"))]
            reviewers.append(self.person(RND_REVIEWER.get(area, "amara")))
            portal_services.submission_assign(
                actor=self.person(HEAD_OF_BD), submissions=[submission], reviewers=reviewers
            )

    def respond(self, index: int, author: str, body: str) -> None:
        portal_services.message_post(
            actor=self.person(author), submission=self.current(index), body=body
        )

    def note(self, index: int, author: str, body: str) -> None:
        portal_services.message_post(
            actor=self.person(author), submission=self.current(index), body=body, internal=True
        )

    def ask(self, index: int, author: str, question: str) -> None:
        portal_services.submission_request_info(
            actor=self.person(author), submission=self.current(index), question=question
        )

    def reply(self, index: int, account: tuple[str, str] | None, body: str) -> None:
        actor = self.story.person(*account) if account else None
        portal_services.submitter_reply(submission=self.current(index), body=body, actor=actor)

    def review(self, index: int, reviewer: str, scores: dict[str, dict[str, Any]]) -> None:
        portal_services.review_submit(
            actor=self.person(reviewer), submission=self.current(index), scores=scores
        )

    def decide(self, index: int, plan: Plan, feedback: str) -> None:
        portal_services.submission_decide(
            actor=self.person(plan.decider),
            submission=self.current(index),
            outcome=plan.outcome,
            reasons=plan.reasons,
            feedback=feedback,
            create_alliance=plan.create_alliance,
        )

    def stage(self, index: int, plan: Plan, stage: str) -> None:
        """The decider records the next stage on the path to a deal."""
        portal_services.deal_stage_record(
            actor=self.person(plan.decider), submission=self.current(index), stage=stage
        )

    def sign_cda(self, index: int, plan: Plan) -> None:
        """Castlegate's decider signs the CDA; then the submitter signs for its own side."""
        submission = self.current(index)
        portal_services.cda_sign_for_receiver(
            actor=self.person(plan.decider),
            submission=submission,
            password=DEMO_PASSWORD,
            meaning="approve",
        )

    def countersign_cda(self, index: int, plan: Plan) -> None:
        submission = self.current(index)
        account = self.story.person(*plan.account) if plan.account else None
        portal_services.cda_sign_for_submitter(
            submission=submission,
            printed_name=submission.contact_name,
            authorised=True,
            actor=account,
        )

    def join_alliance(self, index: int, plan: Plan) -> None:
        """The submitter's organisation accepts the alliance the signed deal created."""
        submission = self.current(index)
        if submission.alliance_id is None or plan.account is None:
            return
        party = Party.objects.unscoped().get(
            alliance_id=submission.alliance_id, organisation=submission.submitter_organisation_id
        )
        alliance_services.party_respond(
            actor=self.story.person(*plan.account), party=party, accept=True
        )


def schedule_portal(story: Story, end: datetime.datetime) -> None:
    """Castlegate's portal: opened eighteen months before `end`, then every submission's steps.

    `end` is the start of the story's last day; nothing is scheduled after that day's evening.
    """
    cutoff = end + datetime.timedelta(hours=18)
    opened = end - datetime.timedelta(days=OPENED_DAYS) + datetime.timedelta(hours=10)
    run = PortalRun(story)
    story.at(opened, run.open)
    start = end - datetime.timedelta(days=HISTORY_DAYS)
    for number, (days_before, *_rest) in enumerate(REQUESTS):
        posted = end - datetime.timedelta(days=days_before) + datetime.timedelta(hours=9)
        story.at(posted, partial(run.post_request, number))
    for index, plan in enumerate(plans(start)):
        _schedule(story, run, index, plan, cutoff)
    # The weekly sweep over the last two months: reminders, then escalations to the head of BD.
    for weeks in range(9):
        story.at(
            end - datetime.timedelta(weeks=weeks) + datetime.timedelta(hours=6, minutes=30),
            portal_services.submission_reminders_send,
        )


def _office_hours(moment: datetime.datetime) -> datetime.datetime:
    """The same day squeezed into 08:00–18:00, keeping the order of everything that happens."""
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    into_day = (moment - midnight).total_seconds()
    return midnight + datetime.timedelta(hours=8, seconds=into_day * 10 / 24)


def _schedule(
    story: Story, run: PortalRun, index: int, plan: Plan, cutoff: datetime.datetime
) -> None:
    def at(days: float | None, action: Callable[[], Any]) -> None:
        if days is None:
            return
        when = _office_hours(plan.submitted + datetime.timedelta(days=days))
        if when <= plan.submitted:
            when = plan.submitted + datetime.timedelta(minutes=30)
        if when < cutoff:
            story.at(when, action)

    def pick(options: tuple[str, ...]) -> str:
        return options[index % len(options)]

    story.at(plan.submitted, lambda: run.submit(index, plan))
    if plan.assign:
        at(1, lambda: run.assign(index, plan.data["therapeutic_area"]))
    bd = plan.reviews[0][0] if plan.reviews else plan.decider
    at(plan.first_response, lambda: run.respond(index, bd, pick(FIRST_RESPONSES)))
    question, answer = QUESTIONS[index % len(QUESTIONS)]
    at(plan.question, lambda: run.ask(index, plan.decider, question))
    at(plan.reply, lambda: run.reply(index, plan.account, answer))
    at(
        plan.note,
        lambda: run.note(
            index,
            bd,
            "Worth a call with their CSO before we decide: the mechanism overlaps with what "
            "the external innovation team flagged last quarter.",
        ),
    )
    for reviewer, days, scores in plan.reviews:
        at(days, partial(run.review, index, reviewer, scores))
    rng = random.Random(f"{SEED}-{index}")  # noqa: S311 - repeatable demo text
    feedback = _feedback(rng, plan.data, plan.reasons) if plan.reasons else ""
    at(plan.decide, lambda: run.decide(index, plan, feedback))
    for stage, days in plan.deal_path:
        after = (plan.decide or 0) + days
        if stage == "cda_signed":
            at(after - 2, partial(run.sign_cda, index, plan))
            at(after, partial(run.countersign_cda, index, plan))
        else:
            at(after, partial(run.stage, index, plan, stage))
        if stage == "deal_signed":
            at(after + 1, partial(run.join_alliance, index, plan))

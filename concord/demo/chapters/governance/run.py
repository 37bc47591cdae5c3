"""Playing the plot: committees set up, meetings scheduled and held, decisions voted, minutes
approved, actions closed, and the alliance's workstreams."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance, Party
from concord.core.signatures import Meaning, SignatureArgs
from concord.demo.chapters.governance.plot import PHARMA, Body, Governance, Item, Sitting
from concord.demo.data import DEMO_PASSWORD
from concord.demo.dates import moment as at
from concord.governance import services
from concord.governance.models import Committee, CommitteeMember, Decision, Meeting, Minutes

if TYPE_CHECKING:
    from concord.demo.story import Story
    from concord.orgs.models import User

# The demo people sign with the demo's one published password.
SIGNED_APPROVAL: SignatureArgs = {"password": DEMO_PASSWORD, "meaning": Meaning.APPROVE}
VOTE_MEANINGS = {"for": Meaning.APPROVE, "against": Meaning.REJECT, "abstain": Meaning.REVIEW}


def signed_vote(vote: str) -> SignatureArgs:
    """A demo vote's signature: the demo password and the meaning the vote has."""
    return {"password": DEMO_PASSWORD, "meaning": VOTE_MEANINGS[vote]}


@dataclass
class Run:
    """One alliance's governance as it comes to be: its committees and their latest minutes."""

    story: Story
    plan: Governance
    committees: dict[str, Committee] = field(default_factory=dict)
    meetings: dict[tuple[str, str], Meeting] = field(default_factory=dict)
    unapproved: dict[str, list[Minutes]] = field(default_factory=dict)
    actions: list[Any] = field(default_factory=list)

    def person(self, org: str, first: str) -> User:
        return self.story.person(org, first)

    def manager(self, org: str) -> User:
        return self.person(org, self.plan.managers[org])

    @property
    def partner(self) -> str:
        return next(k for k in self.plan.managers if k != PHARMA)

    def alliance(self) -> Alliance:
        return Alliance.objects.unscoped().get(name=self.plan.alliance)

    def parties(self) -> dict[str, Party]:
        parties = Party.objects.unscoped().filter(alliance=self.alliance(), status="accepted")
        names = {self.story.orgs[k].name: k for k in self.plan.managers}
        return {names[p.organisation.name]: p for p in parties.select_related("organisation")}

    def set_up(self, body: Body) -> None:
        """The pharma's alliance manager sets the committee up; each party seats its people."""
        alliance = self.alliance()
        executives = [self.person(org, first) for org, first in self.plan.executives]
        final_say = self.parties()[PHARMA] if body.kind == "jsc" else None
        committee = services.committee_create(
            actor=self.manager(PHARMA),
            alliance=alliance,
            kind=body.kind,
            reports_to=self.committees.get(body.reports_to),
            executives=executives,
            final_say_party=final_say,
            cadence_days=body.cadence_days,
        )
        self.committees[body.key] = committee
        for role, seats in (
            ("co_chair", body.chairs),
            ("member", body.members),
            ("alternate", body.alternates),
        ):
            for org, first in seats:
                services.committee_member_add(
                    actor=self.manager(org),
                    committee=committee,
                    user=self.person(org, first),
                    role=role,
                )

    def schedule(self, body: Body, sitting: Sitting) -> None:
        """Three weeks ahead: the meeting goes in the diary with its agenda."""
        committee = self.committees[body.key]
        meeting = services.meeting_schedule(
            actor=self.manager(PHARMA),
            committee=committee,
            starts_at=at(sitting.day, 14),
            time_zone="Europe/London",
            duration_minutes=120 if body.kind == "jsc" else 90,
            location="Castlegate, London" if body.kind == "jsc" else "",
            video_link="https://meet.example.com/" + body.key,
        )
        self.meetings[(body.key, sitting.day)] = meeting
        for number, title in enumerate(sitting.agenda):
            objective = (
                "decide"
                if number == 1 or len(sitting.agenda) == 1
                else "inform"
                if number == 0
                else "discuss"
            )
            services.agenda_item_add(
                actor=self.manager(PHARMA),
                meeting=meeting,
                title=title,
                objective=objective,
                owner=self.manager(PHARMA if number % 2 == 0 else self.partner),
                minutes_allotted=30 if objective == "decide" else 20,
            )

    def hold(self, body: Body, sitting: Sitting) -> None:
        """The meeting itself: attendance, last minutes approved, decisions, actions."""
        meeting = self.meetings[(body.key, sitting.day)]
        chair = self.manager(PHARMA)
        seats = (
            CommitteeMember.objects.unscoped()
            .filter(committee=meeting.committee)
            .select_related("party")
        )
        present = [
            s
            for s in seats
            if s.role != "alternate"
            and not (
                sitting.partner_absent and s.party.organisation.name != self.story.orgs[PHARMA].name
            )
        ]
        services.attendance_record(actor=chair, meeting=meeting, present=present)
        if meeting.quorum_met:
            for minutes in self.unapproved.pop(body.key, []):
                # Each party approves the minutes through its own co-chair or manager.
                for approver in [chair, *(self.manager(k) for k in self.parties() if k != PHARMA)]:
                    services.minutes_approve(
                        actor=approver, minutes=minutes, at_meeting=meeting, **SIGNED_APPROVAL
                    )
        parties = self.parties()
        for item in sitting.decisions:
            self.decide(meeting, item, parties)
        for org, first, title, days in sitting.actions:
            self.actions.append(
                services.action_create(
                    actor=chair,
                    alliance=meeting.alliance,
                    meeting=meeting,
                    title=title,
                    owner=self.person(org, first),
                    due_on=meeting.starts_at.date() + datetime.timedelta(days=days),
                )
            )

    def decide(self, meeting: Meeting, item: Item, parties: dict[str, Party]) -> Decision:
        chair = self.manager(PHARMA)
        if item.outcome == "deferred" or not meeting.quorum_met:
            return services.decision_defer(
                actor=chair,
                meeting=meeting,
                title=item.title,
                note="No quorum: Lumen could not attend."
                if not meeting.quorum_met
                else "More data needed.",
            )
        # Each party casts its own vote: the chair Castlegate's, each partner's manager theirs.
        # Each vote is signed with the voter's password and the meaning that fits it.
        pharma_vote = "for" if item.outcome == "agreed" else "against"
        decision = services.decision_record(
            actor=chair,
            meeting=meeting,
            title=item.title,
            text=item.text,
            carve_out=item.carve_out,
            votes={parties[PHARMA].pk: pharma_vote},
            **signed_vote(pharma_vote),
        )
        partner_vote = "against" if item.outcome == "rejected" else "for"
        for key in parties:
            if key != PHARMA:
                services.decision_vote(
                    actor=self.manager(key),
                    decision=decision,
                    vote=partner_vote,
                    **signed_vote(partner_vote),
                )
        decision.refresh_from_db()
        return decision

    def minutes(self, body: Body, sitting: Sitting) -> None:
        """The pharma's co-chair drafts and circulates the minutes."""
        meeting = self.meetings[(body.key, sitting.day)]
        decided = "; ".join(
            d.title + f" ({d.get_outcome_display().lower()})" for d in meeting.decisions.all()
        )
        body_text = (
            f"Present: the co-chairs and members of both parties.\n\n"
            f"1. {sitting.agenda[0]}: the teams presented progress since the last meeting.\n"
            + "".join(
                f"{n}. {title}: discussed.\n" for n, title in enumerate(sitting.agenda[1:], start=2)
            )
            + (f"\nDecisions: {decided}.\n" if decided else "")
        )
        minutes = services.minutes_save(actor=self.manager(PHARMA), meeting=meeting, body=body_text)
        services.minutes_circulate(actor=self.manager(PHARMA), minutes=minutes)
        self.unapproved.setdefault(body.key, []).append(minutes)

    def close_actions(self, before: datetime.datetime) -> None:
        """Owners mark their older actions done; the latest stay open, some overdue."""
        for action in self.actions:
            due = datetime.datetime.combine(action.due_on, datetime.time(12), tzinfo=datetime.UTC)
            if action.is_open and due < before - datetime.timedelta(days=20):
                services.action_update(actor=action.owner, action=action, status="done")


def schedule_governance(story: Story, plan: Governance) -> Run:
    """Every step of one alliance's governance."""
    run = Run(story, plan)
    for body in plan.bodies:
        story.at(at(body.set_up, 10), partial(run.set_up, body))
        for sitting in body.sittings:
            story.at(at(sitting.day, 9, days=-21), partial(run.schedule, body, sitting))
            if sitting.upcoming:
                continue
            story.at(at(sitting.day, 16, 30), partial(run.hold, body, sitting))
            story.at(
                at(sitting.day, 11, days=sitting.minutes_after), partial(run.minutes, body, sitting)
            )
            story.at(at(sitting.day, 17, days=-1), partial(run.close_actions, at(sitting.day, 12)))
    story.at(at(plan.bodies[-1].set_up, 11, days=2), partial(workstreams, run))
    return run


def workstreams(run: Run) -> None:
    """The alliance managers draw the operating model together: workstreams and their RACI."""
    parties = run.parties()
    for name, letters in run.plan.workstreams:
        services.workstream_save(
            actor=run.manager(PHARMA),
            alliance=run.alliance(),
            name=name,
            raci={parties[org].pk: letter for org, letter in letters.items()},
            committee=run.committees.get("jdc") if "Clinical" in name or "CMC" in name else None,
        )

"""The demo's governance story, a chapter of the demo story (see concord/demo/story.py).

Three of Castlegate's strategic alliances run their committees on Concord for two years: the
Lumen and Tidewell joint steering committees with a development or commercialisation committee
below them, and the Fenwick JSC. Meetings are held with agendas, attendance, decisions (two
deadlocks: one resolved by the executives, one decided by the party with final say), actions
(the latest still open, some overdue), minutes approved at the next meeting,
charter changes, concerns, and escalations, including one end-run by Lumen's CEO.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance, Party
from concord.core.signatures import Meaning, SignatureArgs
from concord.demo.data import DEMO_PASSWORD, STORY_END
from concord.demo.dates import moment as at
from concord.governance import services
from concord.governance.models import Committee, CommitteeMember, Decision, Meeting, Minutes

if TYPE_CHECKING:
    from concord.demo.story import Story
    from concord.orgs.models import User

PHARMA = "castlegate"
TITLE = "Governance"


# The demo people sign with the demo's one published password.
SIGNED_APPROVAL = {"password": DEMO_PASSWORD, "meaning": Meaning.APPROVE}
VOTE_MEANINGS = {"for": Meaning.APPROVE, "against": Meaning.REJECT, "abstain": Meaning.REVIEW}


def signed_vote(vote: str) -> SignatureArgs:
    """A demo vote's signature: the demo password and the meaning the vote has."""
    return {"password": DEMO_PASSWORD, "meaning": VOTE_MEANINGS[vote]}


# --- The plot, as data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """A decision taken at a meeting: agreed, deadlocked (the pharma against), rejected (both
    parties against) or deferred; each party casts its own vote."""

    title: str
    outcome: str = "agreed"
    carve_out: str = ""
    text: str = ""


@dataclass(frozen=True)
class Sitting:
    """One meeting: when, its agenda, who came, what it decided, what it asked people to do."""

    day: str
    agenda: tuple[str, ...]
    decisions: tuple[Item, ...] = ()
    actions: tuple[tuple[str, str, str, int], ...] = ()  # (org, first name, title, days to due)
    partner_absent: bool = False
    minutes_after: int = 9  # days until the draft is circulated
    upcoming: bool = False


@dataclass(frozen=True)
class Body:
    """A committee and its seats; `chairs` and `members` are (org, first name)."""

    key: str
    kind: str
    set_up: str
    chairs: tuple[tuple[str, str], ...]
    members: tuple[tuple[str, str], ...] = ()
    alternates: tuple[tuple[str, str], ...] = ()
    reports_to: str = ""
    cadence_days: int = 92
    sittings: tuple[Sitting, ...] = ()


@dataclass(frozen=True)
class Governance:
    """One alliance's governance: who manages it for each side, its committees, its workstreams."""

    alliance: str
    managers: dict[str, str]
    executives: tuple[tuple[str, str], ...]
    bodies: tuple[Body, ...]
    workstreams: tuple[tuple[str, dict[str, str]], ...] = ()


def quarter(day: str, *, decisions: tuple[Item, ...] = (), **kwargs: Any) -> Sitting:
    """A typical JSC: the programme, the plan and budget, risks."""
    return Sitting(
        day,
        ("Programme update and data review", "Development plan and budget", "Risks and issues"),
        decisions,
        **kwargs,
    )


LUMEN = Governance(
    "Lumen–Castlegate TROP2 ADC collaboration",
    managers={"castlegate": "hannah", "lumen": "ben"},
    executives=(("castlegate", "ingrid"), ("lumen", "maya")),
    bodies=(
        Body(
            "jsc",
            "jsc",
            "2024-10-01",
            chairs=(("castlegate", "hannah"), ("lumen", "ben")),
            members=(("castlegate", "sophie"), ("lumen", "ruth")),
            alternates=(("castlegate", "tom"), ("lumen", "sam")),
            sittings=(
                quarter(
                    "2024-11-14",
                    decisions=(Item("Adopt the 2025 development plan and budget"),),
                    actions=(
                        ("lumen", "ruth", "Circulate the Phase 1 dose-escalation summary", 21),
                        ("castlegate", "sophie", "Propose the Phase 2 site list", 30),
                    ),
                ),
                quarter(
                    "2025-02-13",
                    decisions=(Item("Approve the Phase 1 expansion cohort at 6 mg/kg"),),
                    actions=(("castlegate", "tom", "Reconcile the Q4 cost-share statement", 20),),
                ),
                quarter(
                    "2025-05-15",
                    partner_absent=True,
                    minutes_after=19,
                    decisions=(Item("Approve the ILD monitoring plan", outcome="deferred"),),
                ),
                quarter(
                    "2025-08-14",
                    decisions=(
                        Item("Approve the ILD monitoring plan"),
                        Item(
                            "Open a HR+/HER2-low cohort in the Phase 2 study",
                            outcome="deadlock",
                            carve_out="Amending the research plan",
                            text="Add a 60-patient HR+/HER2-low cohort to the Phase 2 protocol.",
                        ),
                    ),
                    actions=(("lumen", "ben", "Share the HR+/HER2-low feasibility analysis", 14),),
                ),
                quarter(
                    "2025-11-13",
                    decisions=(
                        Item("Adopt the 2026 development plan and budget"),
                        Item(
                            "Out-license the Japanese rights before the Phase 2 readout",
                            outcome="rejected",
                            text="Grant a regional partner the Japanese rights now, for an "
                            "upfront payment, rather than after the Phase 2 readout.",
                        ),
                    ),
                    actions=(
                        (
                            "castlegate",
                            "sophie",
                            "Confirm the Phase 2 readout date with the CRO",
                            30,
                        ),
                    ),
                ),
                quarter(
                    "2026-02-12",
                    decisions=(
                        Item(
                            "Choose the CRO for the Phase 2 extension",
                            outcome="deadlock",
                            text="Lumen proposes Meridian Clinical; Castlegate proposes its preferred provider.",
                        ),
                    ),
                    actions=(("lumen", "ruth", "Send the updated investigator brochure", 21),),
                ),
                quarter(
                    "2026-05-14",
                    decisions=(Item("Approve the Phase 2 interim analysis plan"),),
                    actions=(("castlegate", "tom", "Agree the Q2 cost-share true-up", 30),),
                ),
                quarter(
                    "2026-09-10",
                    decisions=(Item("Approve the end-of-Phase 2 meeting strategy"),),
                    actions=(
                        ("lumen", "ben", "Draft the ex-US commercial hand-over plan", 45),
                        ("castlegate", "sophie", "Book the regulator meeting slot", 40),
                    ),
                ),
                quarter("2026-12-03", upcoming=True),
            ),
        ),
        Body(
            "jdc",
            "jdc",
            "2024-10-08",
            chairs=(("castlegate", "sophie"), ("lumen", "ruth")),
            reports_to="jsc",
            cadence_days=183,
            sittings=(
                Sitting(
                    "2025-01-16",
                    ("CMC scale-up", "Clinical operations"),
                    (Item("Lock the Phase 2 protocol"),),
                ),
                Sitting(
                    "2025-07-17",
                    ("Dose optimisation", "Biomarker strategy"),
                    (Item("Adopt the biomarker plan"),),
                    actions=(
                        ("lumen", "ruth", "Validate the TROP2 IHC assay at the second lab", 60),
                    ),
                ),
                Sitting(
                    "2026-01-15",
                    ("Enrolment", "CMC"),
                    (Item("Qualify the second fill-finish site"),),
                ),
                Sitting(
                    "2026-07-16",
                    ("Interim data", "Phase 3 design"),
                    (Item("Endorse the Phase 3 design to the JSC"),),
                    actions=(
                        ("castlegate", "sophie", "Write the Phase 3 design memo for the JSC", 30),
                    ),
                ),
            ),
        ),
    ),
    workstreams=(
        ("Discovery and translational science", {"lumen": "A", "castlegate": "C"}),
        ("CMC and supply", {"lumen": "A", "castlegate": "I"}),
        ("Clinical development to Phase 2", {"lumen": "A", "castlegate": "R"}),
        ("Regulatory strategy", {"castlegate": "A", "lumen": "R"}),
        ("Commercialisation outside the US", {"castlegate": "A", "lumen": "I"}),
    ),
)

FENWICK = Governance(
    "Fenwick–Castlegate TL1A antibody co-development",
    managers={"castlegate": "rafael", "fenwick": "imogen"},
    executives=(("castlegate", "ingrid"), ("fenwick", "samuel")),
    bodies=(
        Body(
            "jsc",
            "jsc",
            "2024-10-15",
            chairs=(("castlegate", "rafael"), ("fenwick", "imogen")),
            members=(("castlegate", "kenji"), ("fenwick", "lucy")),
            sittings=(
                quarter(
                    "2024-11-21",
                    decisions=(Item("Adopt the 2025 co-development budget (60/40)"),),
                    actions=(("fenwick", "lucy", "Share the Phase 1 PK report", 30),),
                ),
                quarter(
                    "2025-02-20",
                    decisions=(Item("Approve the Phase 2 dose selection"),),
                    actions=(("castlegate", "kenji", "Nominate the Crohn's disease sites", 30),),
                ),
                quarter("2025-05-22", decisions=(Item("Start the Crohn's disease Phase 2 study"),)),
                quarter(
                    "2025-08-21",
                    decisions=(Item("Approve the colitis Phase 2 statistical analysis plan"),),
                ),
                quarter(
                    "2025-11-20",
                    decisions=(Item("Adopt the 2026 budget"),),
                    actions=(("fenwick", "imogen", "Send the revised cost-share forecast", 21),),
                ),
                Sitting(
                    "2026-01-22",
                    ("Charter: meet every two months", "Enrolment"),
                    decisions=(Item("Add a second induction dose arm", outcome="deferred"),),
                ),
                Sitting(
                    "2026-03-19",
                    ("Enrolment", "Second induction dose arm"),
                    decisions=(Item("Add a second induction dose arm"),),
                    actions=(
                        ("castlegate", "kenji", "Model the timeline impact of the new arm", 21),
                    ),
                ),
                Sitting(
                    "2026-05-21",
                    ("Interim safety review",),
                    (Item("Continue the study unchanged"),),
                    actions=(("fenwick", "lucy", "Send the DSMB letter to both parties", 14),),
                ),
                Sitting(
                    "2026-07-23",
                    ("Phase 3 readiness",),
                    (Item("Start Phase 3 planning"),),
                    actions=(
                        ("castlegate", "rafael", "Draft the Phase 3 cost-share term sheet", 30),
                        ("fenwick", "imogen", "Name the Fenwick Phase 3 lead", 21),
                    ),
                ),
                Sitting(
                    "2026-09-24",
                    ("Phase 3 design", "Budget"),
                    (Item("Endorse the Phase 3 design"),),
                    actions=(("fenwick", "lucy", "Deliver the Phase 3 protocol synopsis", 30),),
                ),
                Sitting("2026-11-27", ("Phase 3 budget",), upcoming=True),
            ),
        ),
    ),
    workstreams=(
        ("Research and biomarkers", {"fenwick": "A", "castlegate": "C"}),
        ("Clinical development", {"fenwick": "R", "castlegate": "A"}),
        ("Manufacturing", {"castlegate": "A", "fenwick": "I"}),
    ),
)

TIDEWELL = Governance(
    "Tidewell–Castlegate allogeneic CAR-T alliance",
    managers={"castlegate": "hannah", "tidewell": "aisha"},
    executives=(("castlegate", "ingrid"), ("tidewell", "jonah")),
    bodies=(
        Body(
            "jsc",
            "jsc",
            "2024-11-05",
            chairs=(("castlegate", "hannah"), ("tidewell", "aisha")),
            members=(("castlegate", "sophie"), ("tidewell", "felix")),
            sittings=(
                quarter("2024-12-10", decisions=(Item("Adopt the launch readiness plan"),)),
                quarter(
                    "2025-03-11", decisions=(Item("Approve the pivotal data package for filing"),)
                ),
                quarter("2025-06-10", decisions=(Item("Propose the commercialisation gate"),)),
                quarter(
                    "2025-10-14",
                    decisions=(Item("Approve the launch sequence by country"),),
                    actions=(
                        ("tidewell", "felix", "Report donor-cell bank capacity for 2026", 30),
                    ),
                ),
                quarter(
                    "2026-02-10",
                    decisions=(Item("Approve the second manufacturing site study"),),
                    actions=(
                        ("castlegate", "sophie", "Send the demand forecast for 2027", 30),
                        ("tidewell", "aisha", "Scope the technology transfer", 45),
                    ),
                ),
            ),
        ),
        Body(
            "jcc",
            "jcc",
            "2025-07-01",
            chairs=(("castlegate", "hannah"), ("tidewell", "aisha")),
            reports_to="jsc",
            sittings=(
                Sitting(
                    "2025-08-05",
                    ("US launch", "Pricing and access"),
                    (Item("Approve the US launch plan"),),
                ),
                Sitting(
                    "2025-12-09",
                    ("First quarter of sales",),
                    (Item("Raise the 2026 sales forecast by 15%"),),
                    actions=(("castlegate", "hannah", "Share the payer feedback summary", 30),),
                ),
            ),
        ),
    ),
    workstreams=(
        ("Manufacturing and supply", {"tidewell": "A", "castlegate": "C"}),
        ("US commercialisation", {"tidewell": "R", "castlegate": "A"}),
        ("Medical affairs", {"castlegate": "A", "tidewell": "R"}),
    ),
)

PLOT = (LUMEN, FENWICK, TIDEWELL)


# --- Playing it ----------------------------------------------------------------------------------


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


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {
        "committees": Committee.objects.unscoped().count(),
        "committee meetings": Meeting.objects.unscoped().count(),
    }


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    runs = {plan.alliance: schedule_governance(story, plan) for plan in PLOT}
    lumen, fenwick, tidewell = (runs[p.alliance] for p in PLOT)
    _lumen_disputes(story, lumen)
    _fenwick_charter(story, fenwick)
    _tidewell_story(story, tidewell)
    for weeks in range(9):
        day = (STORY_END - datetime.timedelta(weeks=weeks)).isoformat()
        story.at(at(day, 6, 5), sweep_step)
    for day in ("2025-09-15", "2025-09-17", "2026-03-16", "2026-03-17", "2026-04-14"):
        story.at(at(day, 6, 10), sweep_step)


def sweep_step() -> None:
    from concord.governance.sweep import sweep

    sweep()


def _escalation_of(run: Run, title: str) -> Any:
    decision = Decision.objects.unscoped().get(alliance=run.alliance(), title=title)
    return decision.escalations.get()


def _lumen_disputes(story: Story, run: Run) -> None:
    """The carve-out deadlock settled by the executives; the CRO deadlock decided by Castlegate
    under its final say; Lumen's concern that its CEO took straight to the executives."""
    cohort = (
        "Maya and Ingrid agreed a 30-patient exploratory cohort, funded by Lumen, with a go/no-go "
        "at the interim analysis. The research plan is amended accordingly."
    )

    def agree(org: str, first_name: str) -> Callable[[], Any]:
        """At the executives' rung each party's executive agrees to the resolution as worded."""
        return lambda: services.escalation_resolve(
            actor=run.person(org, first_name),
            escalation=_escalation_of(run, "Open a HR+/HER2-low cohort in the Phase 2 study"),
            resolution=cohort,
        )

    story.at(at("2025-09-09", 15), agree("lumen", "maya"))
    story.at(at("2025-09-10", 15), agree(PHARMA, "ingrid"))
    # The CRO deadlock runs out of executive time (the sweep moves it to Castlegate's final say).
    story.at(
        at("2026-03-20", 10),
        lambda: services.escalation_resolve(
            actor=run.manager(PHARMA),
            escalation=_escalation_of(run, "Choose the CRO for the Phase 2 extension"),
            resolution="Under its final say, Castlegate chose its preferred CRO, with Lumen's "
            "clinical operations lead on the vendor oversight committee.",
        ),
    )
    holder: dict[str, Any] = {}

    def raise_concern() -> None:
        holder["concern"] = services.concern_raise(
            actor=run.person("lumen", "ben"),
            alliance=run.alliance(),
            title="Phase 2 amendment sign-off is taking too long",
            body="The protocol amendment has waited five weeks for Castlegate's regulatory sign-off; "
            "each week costs us two sites' start-up.",
            severity="high",
            visibility="private",
        )

    def end_run() -> None:
        services.concern_share(actor=run.person("lumen", "ben"), concern=holder["concern"])
        holder["escalation"] = services.escalation_raise(
            actor=run.person("lumen", "maya"),
            alliance=run.alliance(),
            committee=run.committees["jsc"],
            title="Phase 2 amendment sign-off is taking too long",
            description="Maya wrote to Castlegate's Head of R&D directly rather than raising it at "
            "the working team or the JSC.",
            level="executives",
            concern=holder["concern"],
        )

    def settle() -> None:
        for executive in (run.person("castlegate", "ingrid"), run.person("lumen", "maya")):
            services.escalation_resolve(
                actor=executive,
                escalation=holder["escalation"],
                resolution="Regulatory signed the amendment the following week. Both sides agreed "
                "that such delays go to the working team first, then the JSC, as the charter says.",
            )
        services.concern_resolve(
            actor=run.person("lumen", "ben"),
            concern=holder["concern"],
            resolution="Amendment signed; sites opened.",
        )

    story.at(at("2026-04-02", 10), raise_concern)
    story.at(at("2026-04-09", 9), end_run)
    story.at(at("2026-04-21", 15), settle)


def _fenwick_charter(story: Story, run: Run) -> None:
    """Fenwick proposes meeting every two months; Castlegate approves; an open escalation."""
    holder: dict[str, Any] = {}

    def propose() -> None:
        holder["charter"] = services.charter_propose(
            actor=run.manager("fenwick"),
            committee=run.committees["jsc"],
            rationale="Phase 3 preparation needs decisions faster than quarterly: meet every two "
            "months until the Phase 3 start.",
            cadence_days=61,
        )

    story.at(at("2026-01-26", 10), propose)
    story.at(
        at("2026-01-29", 16),
        lambda: services.charter_approve(actor=run.manager(PHARMA), charter=holder["charter"]),
    )

    def concern_and_escalation() -> None:
        concern = services.concern_raise(
            actor=run.person("castlegate", "kenji"),
            alliance=run.alliance(),
            title="Phase 3 cost-share split not yet agreed",
            body="Fenwick's forecast assumes 50/50 for Phase 3; the agreement says 60/40 until "
            "the end of Phase 2 and is silent after.",
            severity="medium",
            visibility="shared",
        )
        escalation = services.escalation_raise(
            actor=run.manager(PHARMA),
            alliance=run.alliance(),
            committee=run.committees["jsc"],
            title="Phase 3 cost-share split",
            description="The working teams could not agree the split; it goes to the JSC.",
            level="team",
            concern=concern,
        )
        holder["escalation"] = escalation

    story.at(at("2026-10-26", 11), concern_and_escalation)
    story.at(
        at("2026-11-10", 9),
        lambda: services.escalation_advance(
            actor=run.manager("fenwick"),
            escalation=holder["escalation"],
            note="No agreement at working-team level within the charter's time.",
        ),
    )


def _tidewell_story(story: Story, run: Run) -> None:
    """Tidewell's JSC has not met since February (overdue); a charter change awaits Tidewell."""
    story.at(
        at("2026-11-03", 10),
        lambda: services.charter_propose(
            actor=run.manager(PHARMA),
            committee=run.committees["jsc"],
            rationale="Add the scale-up decisions to the JSC's scope and name the second "
            "manufacturing site's head as a JSC member.",
            scope="Oversee the collaboration; approve development and commercial plans and "
            "budgets; approve manufacturing scale-up and technology transfer.",
        ),
    )
    story.at(
        at("2026-11-12", 14),
        lambda: services.concern_raise(
            actor=run.manager("tidewell"),
            alliance=run.alliance(),
            title="Scale-up gate waiting on Castlegate",
            body="The Q1 capacity booking at the second site lapses if the gate is not signed.",
            severity="high",
            visibility="shared",
        ),
    )

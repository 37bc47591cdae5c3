"""Alliances and gates: each plan's alliance is created, its parties invited and staffed, its
gates proposed and answered, its lead programme moved on, its notes written; the weekly sweep
sends the gate reminders of the story's last two months."""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING

from concord.alliances import services as alliance_services
from concord.alliances.models import Alliance, Gate, Party, Phase, TeamMember
from concord.core.signatures import Meaning
from concord.demo.data import (
    DEMO_PASSWORD,
    ORGS,
    PHARMA,
    PLANS,
    STORY_END,
    DemoGate,
    DemoNote,
    DemoOrg,
    Plan,
)
from concord.demo.dates import day, lag, moment
from concord.demo.notes import notes_for
from concord.orgs.models import Membership, Organisation

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "Alliances and gates"


# The views of the portfolio Castlegate's alliance manager keeps for her weekly round.
SAVED_VIEWS = (
    ("Strategic, most attention first", "tier=strategic&sort=attention"),
    ("Clinical trials with overdue items", "phase=clinical&flag=overdue"),
    ("Gates pending", "flag=gate&sort=activity"),
)


def schedule(story: Story) -> None:
    """Every plan, the weekly sweeps of the last two months, and the manager's saved views."""
    for index, plan in enumerate(PLANS):
        schedule_alliance(story, plan, index)
    schedule_sweeps(story)
    story.at(
        moment((STORY_END - datetime.timedelta(days=10)).isoformat(), 9), partial(save_views, story)
    )


def save_views(story: Story) -> None:
    """Hannah keeps the portfolio's views she opens each Monday, for her eyes only."""
    hannah = story.users[f"{PHARMA}/hannah"]
    for name, query in SAVED_VIEWS:
        alliance_services.saved_view_save(actor=hannah, name=name, query=query)


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    pharma = Organisation.objects.get(name=ORGS[0].name)
    alliances = Party.objects.unscoped().filter(
        organisation=pharma, status__in=Party.VISIBLE_STATUSES
    )
    return {"pharma alliances": alliances.count(), "gates": Gate.objects.unscoped().count()}


class AllianceRun:
    """One plan being played: the alliance, its parties and its current gate as they come to be."""

    def __init__(self, story: Story, plan: Plan) -> None:
        self.story, self.plan = story, plan
        self.alliance: Alliance | None = None
        self.parties: dict[str, Party] = {}
        self.gate: Gate | None = None

    @property
    def creator(self) -> str:
        return self.plan.parties[0]

    def current(self) -> Alliance:
        """The alliance as the database has it now (gates change its phase behind our back)."""
        assert self.alliance is not None
        self.alliance.refresh_from_db()
        return self.alliance

    def create(self) -> None:
        """The creator's lead starts the alliance with its programmes."""
        plan = self.plan
        self.alliance = alliance_services.alliance_create(
            actor=self.story.lead(self.creator, plan),
            name=plan.name,
            purpose=plan.purpose,
            alliance_type=plan.kind,
            tier=plan.tier,
            effective_date=day(plan.effective),
            programmes=[
                {
                    "asset_name": asset,
                    "modality": modality,
                    "therapeutic_area": area,
                    "indication": indication,
                    "stage": stage,
                }
                for asset, modality, area, indication, stage in plan.programmes
            ],
        )
        self.parties[self.creator] = Party.objects.unscoped().get(
            alliance=self.alliance, organisation__name=self.story.orgs[self.creator].name
        )

    def invite(self) -> None:
        """The creator invites every other organisation, picked from the directory."""
        for key in self.plan.parties[1:]:
            invited = alliance_services.party_invite(
                actor=self.story.lead(self.creator, self.plan),
                alliance=self.current(),
                organisation=Organisation.objects.get(name=self.story.orgs[key].name),
            )
            assert invited.party is not None
            self.parties[key] = invited.party

    def accept(self, key: str) -> None:
        """An invited organisation's lead accepts."""
        self.parties[key] = alliance_services.party_respond(
            actor=self.story.lead(key, self.plan), party=self.parties[key], accept=True
        )

    def staff(self, key: str) -> None:
        """A party names its alliance team."""
        lead = self.story.lead(key, self.plan)
        for first, role in team_for(self.story.orgs[key], self.plan):
            alliance_services.team_member_add(
                actor=lead, party=self.parties[key], user=self.story.person(key, first), role=role
            )

    def propose(self, gate: DemoGate) -> None:
        """The proposing side's lead proposes the gate (and, as a signer, signs it at once)."""
        rationale = gate.rationale or default_rationale(self.plan, gate.to)
        self.gate = alliance_services.gate_propose(
            actor=self.story.lead(gate.by, self.plan),
            alliance=self.current(),
            to_phase=gate.to,
            rationale=rationale,
            password=DEMO_PASSWORD,
            meaning=Meaning.APPROVE,
        )

    def sign(self, key: str) -> None:
        """A party's signer recommits, signing with their password."""
        assert self.gate is not None
        alliance_services.gate_sign(
            actor=self.story.signer(key, self.plan),
            gate=self.gate,
            password=DEMO_PASSWORD,
            meaning=Meaning.APPROVE,
        )

    def decline(self, key: str, reason: str) -> None:
        """A party's signer declines, with its reason, signed as a rejection."""
        assert self.gate is not None
        alliance_services.gate_decline(
            actor=self.story.signer(key, self.plan),
            gate=self.gate,
            reason=reason,
            password=DEMO_PASSWORD,
            meaning=Meaning.REJECT,
        )

    def withdraw(self) -> None:
        """The proposing side thinks better of its gate."""
        assert self.gate is not None
        proposer = self.gate.proposing_party.organisation.name
        key = next(k for k, org in self.story.orgs.items() if org.name == proposer)
        alliance_services.gate_withdraw(actor=self.story.lead(key, self.plan), gate=self.gate)

    def advance(self, stage: str) -> None:
        """The lead programme's development stage moves on."""
        programme = self.current().programmes.order_by("pk").first()
        assert programme is not None
        alliance_services.programme_update(
            actor=self.story.lead(self.creator, self.plan), programme=programme, stage=stage
        )

    def write(self, note: DemoNote) -> None:
        """Someone writes a note, shared or private to their organisation."""
        alliance_services.note_create(
            actor=self.story.person(note.org, note.author),
            alliance=self.current(),
            title=note.title,
            body=note.body,
            visibility="private" if note.private else "shared",
        )


def team_for(org: DemoOrg, plan: Plan) -> list[tuple[str, str]]:
    """Who of an organisation joins the alliance team beside its lead, and in what role."""
    if org.key == PHARMA:
        return pharma_team(plan)
    roles: dict[str, str] = {
        Membership.Role.EXECUTIVE_SPONSOR: TeamMember.Role.EXECUTIVE_SPONSOR,
        Membership.Role.ALLIANCE_MANAGER: TeamMember.Role.ALLIANCE_MANAGER,
        Membership.Role.SCIENTIST: TeamMember.Role.PROJECT_LEAD,
        Membership.Role.FINANCE: TeamMember.Role.FINANCE,
    }
    return [(p.key, roles[p.role]) for p in org.people if p.role in roles and p.key != org.lead]


def pharma_team(plan: Plan) -> list[tuple[str, str]]:
    """The pharma's side: a sponsor, a scientist for the area, finance and legal as the deal needs."""
    area = plan.programmes[0][2]
    scientist = {"oncology": "sophie", "neuroscience": "kenji", "immunology": "kenji"}.get(
        area, "amara"
    )
    team = [
        ("ingrid" if plan.tier == Alliance.Tier.STRATEGIC else "marcus", "executive_sponsor"),
        (scientist, TeamMember.Role.SCIENTIST),
    ]
    if plan.tier != Alliance.Tier.TRANSACTIONAL:
        team.append(("tom", TeamMember.Role.FINANCE))
    if plan.kind in (Alliance.Type.LICENCE, Alliance.Type.OPTION):
        team.append(("daniel", TeamMember.Role.BUSINESS_DEVELOPMENT))
    if plan.tier == Alliance.Tier.STRATEGIC:
        team.append(("oliver", TeamMember.Role.LEGAL))
    return team


def default_rationale(plan: Plan, to_phase: str) -> str:
    """Why a gate is proposed, in the words alliance teams use, unless the plan says otherwise."""
    asset, _, _, indication, _ = plan.programmes[0]
    texts: dict[str, str] = {
        Phase.PRECLINICAL: f"{asset} met the candidate-selection criteria in the research plan "
        "(potency, selectivity, rodent PK and an early safety screen). We propose moving into "
        "IND-enabling studies under the agreed budget.",
        Phase.CLINICAL: f"The IND-enabling package for {asset} is complete: GLP toxicology, the "
        "clinical lot released, and the regulator's pre-IND feedback addressed. We propose "
        f"first-in-human studies in {indication}.",
        Phase.COMMERCIALISATION: f"Pivotal data for {asset} in {indication} met the primary "
        "endpoint and the filing is accepted. We propose moving into commercialisation under the "
        "launch and co-promotion terms.",
        Phase.SCALE_UP: f"Demand for {asset} is running ahead of the launch forecast. We propose "
        "the scale-up phase: a second manufacturing site and the technology transfer to it.",
    }
    return texts.get(to_phase, f"We propose moving {asset} to {Phase(to_phase).label}.")


def schedule_alliance(story: Story, plan: Plan, index: int) -> None:
    """Every step of one plan: creation, invitation, acceptance, teams, gates, notes."""
    run = AllianceRun(story, plan)
    created = moment(plan.created, 9, minute=index)
    story.at(created, run.create)
    story.at(created + datetime.timedelta(minutes=20), run.invite)
    if plan.proposed:
        for note in notes_for(plan):
            story.at(moment(note.on, 16, minute=index), partial(run.write, note))
        return
    accepted = created + datetime.timedelta(days=plan.accept_after, hours=5)
    for i, key in enumerate(plan.parties[1:]):
        story.at(accepted + datetime.timedelta(hours=i), partial(run.accept, key))
    for i, key in enumerate(plan.parties):
        story.at(accepted + datetime.timedelta(days=1, hours=i), partial(run.staff, key))
    last = accepted + datetime.timedelta(days=2)
    for gate in plan.gates:
        last = schedule_gate(story, run, gate, after=last)
    for stage_day, stage in plan.advances:
        story.at(moment(stage_day, 11), partial(run.advance, stage))
    for note in notes_for(plan):
        story.at(moment(note.on, 16, minute=index % 50), partial(run.write, note))


def schedule_gate(
    story: Story, run: AllianceRun, gate: DemoGate, after: datetime.datetime
) -> datetime.datetime:
    """A gate's proposal and answers; returns when the gate was settled."""
    proposed = moment(gate.on, 10, minute=len(story.steps) % 50)
    if proposed <= after:
        raise ValueError(f"{run.plan.name}: the gate of {gate.on} comes before the one before it")
    story.at(proposed, partial(run.propose, gate))
    others = [k for k in run.plan.parties if k != gate.by]
    answered = proposed
    for i, key in enumerate(others):
        days = lag(run.plan.name, gate.on, key, low=1, high=2 if gate.onboarding else 11) + 2 * i
        answered = proposed + datetime.timedelta(days=days, hours=5)
        if gate.outcome == "passed" or (gate.outcome == "pending" and key in gate.signed):
            story.at(answered, partial(run.sign, key))
        elif gate.outcome == "declined":
            story.at(answered, partial(run.decline, key, gate.reason))
            break
        elif gate.outcome == "withdrawn":
            story.at(answered, run.withdraw)
            break
    return answered


def schedule_sweeps(story: Story) -> None:
    """The weekly sweep of the story's last two months, so slow gates carry their reminders."""
    for weeks in range(9):
        day = (STORY_END - datetime.timedelta(weeks=weeks)).isoformat()
        story.at(moment(day, 6), alliance_services.gate_reminders_send)

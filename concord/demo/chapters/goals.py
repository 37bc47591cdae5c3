"""The demo's goals story, a chapter of the demo story (see concord/demo/story.py).

Soon after the partners accept, every alliance of Castlegate's agrees what it is for: a goal for
its lead programme, proposed by Castlegate and agreed by each partner through its own lead, and
a patient goal proposed by the partner. Each goal carries KPIs: patients enrolled (a patient
outcome the partner measures every quarter from its trial database), and on strategic alliances
the commitments delivered on time and the pulse score, which Concord measures itself. Each side
records what it expects to gain, one benefit shared and one kept private. One alliance's
enrolment lags far behind its line (the KPI off track), and one alliance has a change of its
patient goal awaiting the partner's agreement — raised too at its pending gate, where Tidewell
confirmed the goals and Castlegate asked for that change.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance, Gate, Party
from concord.demo.data import PHARMA, PLANS, STORY_END, Plan
from concord.demo.dates import day as _day
from concord.goals import services
from concord.goals.models import Benefit, GateGoalReview, Goal, GoalVersion, Kpi, Measurement

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "Goals & KPIs"
QUARTER = datetime.timedelta(days=91)
HORIZON = datetime.timedelta(days=3 * 365)  # a KPI runs three years, or a year past the story's end

# The alliance whose enrolment lags (the KPI off track) and the one whose goal is being changed.
LAGGING = "Lumen–Castlegate TROP2"
CHANGING = "Tidewell–Castlegate allogeneic"
GATE_REVIEWED = "2026-10-21"  # the day after Tidewell proposed scale-up

PROGRAMME_GOAL = (
    "Take {asset} to its next development decision on the agreed plan",
    "Every gate of {asset} passed with both parties recommitting, on the timeline in the "
    "development plan, with data both sides trust.",
)
PATIENT_GOAL = (
    "Put {asset} in front of the patients who need it in {indication}",
    "Enrol the studies on time, across enough countries that patients outside the largest "
    "markets get access too.",
)
PHARMA_BENEFITS = (
    ("A late-stage asset in {area} for the portfolio", "shared"),
    ("Fills the {area} gap left by the discontinued internal programme", "private"),
)
PARTNER_BENEFITS = (
    ("Milestone income and a development partner with global reach", "shared"),
    ("Validation of our platform ahead of the next financing round", "private"),
)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


class Run:
    """One alliance's goals being played."""

    def __init__(self, story: Story, plan: Plan) -> None:
        self.story, self.plan = story, plan
        self.asset, _, area, indication, _ = plan.programmes[0]
        self.words = {"asset": self.asset, "area": area.replace("_", " "), "indication": indication}
        self.goals: dict[str, Goal] = {}

    def alliance(self) -> Alliance:
        return Alliance.objects.unscoped().get(name=self.plan.name)

    def party(self, key: str) -> Party:
        name = self.story.orgs[key].name
        return Party.objects.unscoped().get(alliance=self.alliance(), organisation__name=name)

    def lead(self, key: str) -> Any:
        return self.story.lead(key, self.plan)

    def propose(self, which: str, by: str, words: tuple[str, str]) -> None:
        title, description = (w.format(**self.words) for w in words)
        self.goals[which] = services.goal_propose(
            actor=self.lead(by), alliance=self.alliance(), title=title, description=description
        )

    def agree(self, which: str, by: str) -> None:
        version = self.goals[which].versions.get(status=GoalVersion.Status.PENDING)
        services.goal_version_agree(actor=self.lead(by), version=version)

    def change(self, which: str, by: str) -> None:
        services.goal_change_propose(
            actor=self.lead(by),
            goal=self.goals[which],
            title=f"Put {self.asset} in front of patients in twelve countries by launch",
            description="Add Brazil and South Korea to the filing plan.",
            reason="Both regulators now accept the pivotal data package as it stands.",
        )

    def gate_review(self, by: str, answer: str, which: str = "", comment: str = "") -> None:
        """A party's lead reviews the goals at the alliance's pending gate."""
        gate = Gate.objects.unscoped().get(alliance=self.alliance(), status=Gate.Status.PENDING)
        services.gate_goals_review(
            actor=self.lead(by),
            gate=gate,
            answer=answer,
            goal_id=self.goals[which].pk if which else None,
            comment=comment,
        )

    def benefit(self, by: str, words: tuple[str, str]) -> None:
        title, visibility = words
        services.benefit_create(
            actor=self.lead(by),
            alliance=self.alliance(),
            title=title.format(**self.words),
            visibility=visibility,
        )

    def kpi(
        self, which: str, start: datetime.date, target_date: datetime.date, **fields: Any
    ) -> None:
        owner = fields.pop("owner")
        services.kpi_create(
            actor=self.lead(PHARMA),
            goal=self.goals[which],
            baseline_date=start,
            target_date=target_date,
            owner_party_id=self.party(owner).pk,
            **fields,
        )

    def measure(self, name: str, by: str, share: Decimal, on: datetime.date) -> None:
        kpi = Kpi.objects.unscoped().get(alliance=self.alliance(), name=name)
        value = (kpi.expected_on(on) * share).quantize(Decimal(1))
        services.measurement_record(
            actor=self.lead(by),
            kpi=kpi,
            value=value,
            measured_on=on,
            source="Trial database (EDC) export",
        )


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {
        "goals": Goal.objects.unscoped().count(),
        "KPIs": Kpi.objects.unscoped().count(),
        "KPI measurements": Measurement.objects.unscoped().count(),
        "benefits": Benefit.objects.unscoped().count(),
        "goal reviews at gates": GateGoalReview.objects.unscoped().count(),
    }


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    end = _day(STORY_END.isoformat())
    for plan in PLANS:
        if plan.proposed or PHARMA not in plan.parties:
            continue
        _schedule_alliance(story, Run(story, plan), end)
    # Concord's own measurements, as the sweep takes them every day; the last day is enough.
    story.at(_at(end, 18), services.measurements_automatic)


def _schedule_alliance(story: Story, run: Run, end: datetime.date) -> None:
    plan = run.plan
    partners = [k for k in plan.parties if k != PHARMA]
    start = _day(plan.created) + datetime.timedelta(days=plan.accept_after + 10)
    story.at(_at(start, 10), partial(run.propose, "programme", PHARMA, PROGRAMME_GOAL))
    story.at(_at(start, 11), partial(run.propose, "patients", partners[0], PATIENT_GOAL))
    for index, partner in enumerate(partners):
        story.at(
            _at(start + datetime.timedelta(days=2 + index), 9),
            partial(run.agree, "programme", partner),
        )
    for key in [PHARMA, *partners[1:]]:
        story.at(_at(start + datetime.timedelta(days=3), 15), partial(run.agree, "patients", key))
    agreed = start + datetime.timedelta(days=5)
    story.at(_at(agreed, 10), partial(run.benefit, PHARMA, PHARMA_BENEFITS[0]))
    story.at(_at(agreed, 11), partial(run.benefit, PHARMA, PHARMA_BENEFITS[1]))
    story.at(_at(agreed, 12), partial(run.benefit, partners[0], PARTNER_BENEFITS[0]))
    story.at(_at(agreed, 13), partial(run.benefit, partners[0], PARTNER_BENEFITS[1]))
    _schedule_kpis(story, run, agreed, end, partners[0])
    if plan.name.startswith(CHANGING):
        story.at(_at(end - datetime.timedelta(days=9), 10), partial(run.change, "patients", PHARMA))
        # Its pending gate to scale-up: Tidewell, which proposed it, confirms the goals; Castlegate
        # asks for the wider filing plan it has just proposed on the patient goal.
        story.at(_at(_day(GATE_REVIEWED), 10), partial(run.gate_review, partners[0], "confirmed"))
        story.at(
            _at(end - datetime.timedelta(days=9), 11),
            partial(
                run.gate_review,
                PHARMA,
                "change",
                "patients",
                "Scale-up should serve twelve countries, not ten: Brazil and South Korea join the "
                "filing plan (proposed on the patient goal).",
            ),
        )


def _schedule_kpis(
    story: Story, run: Run, start: datetime.date, end: datetime.date, partner: str
) -> None:
    target_date = max(start + HORIZON, end + datetime.timedelta(days=365))
    enrolled = {
        "name": "Patients enrolled",
        "kind": "patient_outcome",
        "unit": "patients",
        "direction": "increase",
        "baseline": Decimal(0),
        "target": Decimal(240 if run.plan.tier == "strategic" else 90),
        "owner": partner,
    }
    story.at(_at(start, 14), partial(run.kpi, "patients", start, target_date, **enrolled))
    if run.plan.tier == "strategic":
        on_time = {
            "name": "Commitments delivered on time",
            "kind": "activity",
            "unit": "%",
            "direction": "increase",
            "baseline": Decimal(40),
            "target": Decimal(55),
            "owner": PHARMA,
            "metric": "commitments_on_time",
        }
        story.at(_at(start, 15), partial(run.kpi, "programme", start, target_date, **on_time))
    lagging = run.plan.name.startswith(LAGGING)
    every = QUARTER if run.plan.tier == "strategic" else 2 * QUARTER
    on = start + every
    while on < end:
        share = Decimal("0.45") if lagging and on + 2 * every > end else Decimal("1.08")
        story.at(_at(on, 16), partial(run.measure, "Patients enrolled", partner, share, on))
        on += every

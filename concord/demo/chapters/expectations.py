"""The demo's expectations story, a chapter of the demo story (see concord/demo/story.py).

Every alliance Castlegate has joined carries commitments from soon after the partners accepted
until the story's end (or the alliance's wind-down): each side owes the other reports,
deliverables, resources and decisions every couple of months. Most arrive on time and are
accepted; some are late, some rejected and delivered again; a few recent ones are overdue or
awaiting a verdict. One is waived, one is in dispute. Strategic alliances also keep a learning
plan, reviewed every four months. All of it is played through the services at its dated moment.
"""

from __future__ import annotations

import datetime
import zlib
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance, Party
from concord.demo.data import PHARMA, PLANS, STORY_END, Plan
from concord.demo.dates import day as _day
from concord.demo.dates import shift
from concord.expectations import services
from concord.expectations.models import Commitment, Delivery, LearningObjective

if TYPE_CHECKING:
    from concord.demo.story import Story

# How often a commitment falls due: every quarter in a strategic alliance, twice a year in others.
SPACING = {"strategic": datetime.timedelta(days=91), "core": datetime.timedelta(days=182)}
NOTICE = datetime.timedelta(days=42)  # recorded six weeks before it is due
TITLE = "Expectations"

# (kind, title, acceptance criteria): what each side owes, by the phase the alliance is in when
# the commitment falls due, so a research alliance is never asked for a clinical data cut and a
# launched medicine is not waiting on its GLP toxicology. {asset} is the lead programme.
QUARTERLY = (
    "report",
    "Quarterly development report for {asset}",
    "Covers progress against plan, safety signals, timelines and spend; in the JSC template; "
    "circulated five working days before the JSC.",
)
PATENTS = (
    "report",
    "Patent landscape update for {asset}",
    "Freedom-to-operate view on new filings since the last update, reviewed by counsel.",
)
ASSAYS = (
    "deliverable",
    "Assay transfer package",
    "SOPs, reference standards and a qualification report showing ≤15% CV between sites.",
)
PARTNER_OWES = {
    "discovery": [
        (
            "report",
            "Quarterly research report for {asset}",
            "Progress against the research plan and its decision criteria, with the raw data in "
            "the joint data room; circulated five working days before the JSC.",
        ),
        (
            "deliverable",
            "Candidate profiling data for {asset}",
            "Potency, selectivity and early safety measured against the target product profile, "
            "with the raw data and methods in the joint data room.",
        ),
        ASSAYS,
        PATENTS,
    ],
    "preclinical": [
        QUARTERLY,
        (
            "deliverable",
            "GLP toxicology report for {asset}",
            "Final QA-audited report with the GLP compliance statement signed; uploaded to the "
            "joint data room.",
        ),
        (
            "deliverable",
            "Clinical lot release package for {asset}",
            "Certificate of analysis, batch record review and 6-month stability at ICH "
            "conditions; signed by the QP.",
        ),
        ASSAYS,
        PATENTS,
    ],
    "clinical": [
        QUARTERLY,
        (
            "deliverable",
            "12-month stability data for {asset}",
            "ICH conditions; all specified attributes within limits or deviations explained; "
            "signed by the QP.",
        ),
        (
            "deliverable",
            "Clinical data cut for {asset}",
            "CDISC SDTM datasets with data dictionary and QC log, through the secure data room.",
        ),
        (
            "report",
            "Development safety update report for {asset}",
            "The annual DSUR in ICH E2F format, reviewed by both safety physicians before "
            "submission.",
        ),
        PATENTS,
    ],
    "commercialisation": [
        (
            "report",
            "Quarterly net sales and royalty report for {asset}",
            "Net sales by country and the royalty computed as the agreement defines it, signed by "
            "the finance lead.",
        ),
        (
            "report",
            "Periodic safety update report for {asset}",
            "The PSUR in ICH E2C format with its signal-detection summary, shared with both "
            "safety teams before submission.",
        ),
        (
            "deliverable",
            "Rolling supply forecast for {asset}",
            "Eighteen months by market in the agreed template, with changes over 10% explained.",
        ),
        PATENTS,
    ],
}
PARTNER_OWES["scale_up"] = PARTNER_OWES["commercialisation"]
PHARMA_OWES = {
    "discovery": [
        (
            "resource",
            "Two scientists seconded to the {asset} programme",
            "Named people with agreed CVs, on site from the start date for six months.",
        ),
        (
            "decision",
            "Go/no-go on the next {asset} research stage",
            "Decision minuted at the JSC, with the data package it rests on referenced.",
        ),
        (
            "deliverable",
            "Translational biomarker assays for {asset}",
            "Validated assays run on all study samples; results in the agreed format.",
        ),
    ],
    "preclinical": [
        (
            "resource",
            "Two process development scientists seconded to the {asset} programme",
            "Named people with agreed CVs, on site from the start date for six months.",
        ),
        (
            "report",
            "Regulatory strategy comments on the {asset} pre-IND briefing book",
            "Consolidated comments from regulatory affairs, one document, within the agreed "
            "window.",
        ),
        (
            "decision",
            "Go/no-go on the {asset} backup candidate",
            "Decision minuted at the JSC, with the data package it rests on referenced.",
        ),
    ],
    "clinical": [
        (
            "report",
            "Regulatory strategy comments on the {asset} briefing book",
            "Consolidated comments from regulatory affairs, one document, within the agreed "
            "window.",
        ),
        (
            "deliverable",
            "Translational biomarker assays for {asset}",
            "Validated assays run on all baseline samples; results in the agreed format.",
        ),
        (
            "decision",
            "Go/no-go on the next {asset} study design",
            "Decision minuted at the JSC, with the data package it rests on referenced.",
        ),
    ],
    "commercialisation": [
        (
            "report",
            "Launch and market access update for {asset}",
            "Uptake, pricing and reimbursement by market against the launch plan, in the JSC "
            "template.",
        ),
        (
            "deliverable",
            "Post-marketing study protocol for {asset}",
            "Final protocol agreed with both medical teams and the regulator's commitments "
            "mapped to it.",
        ),
        (
            "decision",
            "Decision on a second manufacturing site for {asset}",
            "Decision minuted at the JSC, with the demand forecast it rests on referenced.",
        ),
    ],
}
PHARMA_OWES["scale_up"] = PHARMA_OWES["commercialisation"]

SELECTED = ("oncology", "immunology", "neuroscience")
LEARNING = [
    (
        "Decide faster together",
        "Slow joint decisions cost the programme a quarter last year.",
        "Median days from JSC proposal to decision",
        "days",
        Decimal("45"),
        Decimal("21"),
    ),
    (
        "Predict response from the biomarker panel",
        "Patient selection decides the Phase 2 design and the value of the programme.",
        "AUC of the response classifier on the hold-out set",
        "",
        Decimal("0.60"),
        Decimal("0.80"),
    ),
    (
        "Get CMC right first time at the second site",
        "Technology transfer is where alliances like this one lose a year.",
        "Batches released first time right",
        "%",
        Decimal("60"),
        Decimal("95"),
    ),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.UTC)


def _roll(*parts: object) -> int:
    """A stable number from 0 to 99 for a commitment, so the demo plays the same every time."""
    return zlib.crc32("|".join(str(p) for p in parts).encode()) % 100


@dataclass
class Holder:
    """A record made by one step that later steps act on."""

    record: Any = None


class Run:
    """One alliance's expectations being played: who owes whom, and its records as they appear."""

    def __init__(self, story: Story, plan: Plan) -> None:
        self.story, self.plan = story, plan

    def alliance(self) -> Alliance:
        return Alliance.objects.unscoped().get(name=self.plan.name)

    def party(self, key: str) -> Party:
        name = self.story.orgs[key].name
        return Party.objects.unscoped().get(alliance=self.alliance(), organisation__name=name)

    def lead(self, key: str) -> Any:
        return self.story.lead(key, self.plan)

    def record(self, holder: Holder, owes: str, owed: str, number: int, due: datetime.date) -> None:
        kind, title, criteria = _what(self.plan, owes, number, due)
        holder.record = services.commitment_create(
            actor=self.lead(owed),
            alliance=self.alliance(),
            title=title,
            kind=kind,
            acceptance_criteria=criteria,
            owner_party=self.party(owes),
            receiving_party=self.party(owed),
            owner=self.lead(owes),
            due_date=due,
        )

    def deliver(self, holder: Holder, owes: str, note: str) -> None:
        services.commitment_deliver(
            actor=self.lead(owes), commitment=holder.record, note=note, reference=_reference(holder)
        )

    def judge(self, holder: Holder, owed: str, accept: bool, comment: str) -> None:
        delivery = holder.record.deliveries.filter(outcome=Delivery.Outcome.PENDING).get()
        service = services.delivery_accept if accept else services.delivery_reject
        service(actor=self.lead(owed), delivery=delivery, comment=comment)

    def waive(self, holder: Holder, owed: str) -> None:
        services.commitment_waive(
            actor=self.lead(owed),
            commitment=holder.record,
            reason="The study was dropped from the development plan at the last JSC; the "
            "package is no longer needed.",
        )

    def dispute(self, holder: Holder, owes: str) -> None:
        services.commitment_dispute(
            actor=self.lead(owes),
            commitment=holder.record,
            reason="The rejection cites a format that is not in the acceptance criteria we "
            "agreed. The content meets every criterion as written; we ask that it be accepted.",
        )


def _what(plan: Plan, owes: str, number: int, due: datetime.date) -> tuple[str, str, str]:
    """What is owed: picked from the menu of the phase the alliance is in when it falls due."""
    asset = plan.programmes[0][0]
    menus = PHARMA_OWES if owes == PHARMA else PARTNER_OWES
    menu = menus[_working_phase(plan, due - shift())]  # the plan is dated on the unslid calendar
    kind, title, criteria = menu[(number + len(plan.name)) % len(menu)]
    return kind, title.format(asset=asset), criteria


def _working_phase(plan: Plan, day: datetime.date) -> str:
    """The phase the work is in on a day; winding down, it is the phase it winds down from."""
    phase = "discovery"
    for gate in plan.gates:
        passed = datetime.date.fromisoformat(gate.on) + datetime.timedelta(days=12)
        if gate.outcome == "passed" and gate.to in PARTNER_OWES and passed <= day:
            phase = gate.to
    return phase


def _reference(holder: Holder) -> str:
    commitment: Commitment = holder.record
    return f"Data room / {commitment.alliance.name[:24]} / {commitment.pk:04d}"


def _ending(plan: Plan) -> datetime.date:
    """The last day commitments fall due: the story's end, or the day the alliance wound down."""
    last = STORY_END
    for gate in plan.gates:
        if gate.to in ("wind_down", "terminated") and gate.outcome == "passed":
            last = min(last, datetime.date.fromisoformat(gate.on))
    return last


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {
        "commitments": Commitment.objects.unscoped().count(),
        "learning objectives": LearningObjective.objects.unscoped().count(),
    }


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    end = _day(STORY_END.isoformat())
    cutoff = _at(end, 17)  # nothing after the story's last working day
    for index, plan in enumerate(PLANS):
        if plan.proposed or PHARMA not in plan.parties or plan.tier == "transactional":
            continue
        run = Run(story, plan)
        _schedule_commitments(story, run, index, cutoff)
        if plan.tier == "strategic":
            _schedule_learning(story, run, index, cutoff)


def _schedule_commitments(story: Story, run: Run, index: int, cutoff: datetime.datetime) -> None:
    plan = run.plan
    partners = [k for k in plan.parties if k != PHARMA]
    first_due = _day(plan.created) + datetime.timedelta(days=plan.accept_after) + 2 * NOTICE
    # Recorded up to the end (or the wind-down), so the last ones fall due after it.
    ending = _day(_ending(plan).isoformat())
    due, number = first_due + datetime.timedelta(days=index * 3), 0
    while due - NOTICE < ending:
        partner = partners[number // 2 % len(partners)]
        owes, owed = (PHARMA, partner) if number % 3 == 2 else (partner, PHARMA)
        _schedule_one(story, run, owes, owed, number, due, cutoff)
        due, number = due + SPACING[plan.tier], number + 1


def _schedule_one(
    story: Story,
    run: Run,
    owes: str,
    owed: str,
    number: int,
    due: datetime.date,
    cutoff: datetime.datetime,
) -> None:
    """One commitment's life: recorded, then delivered and judged as its roll of the dice says."""
    holder = Holder()
    created = _at(due - NOTICE, 10, number % 50)
    if created >= cutoff:
        return
    story.at(created, partial(run.record, holder, owes, owed, number, due))
    roll = _roll(run.plan.name, number)
    special = _special(run.plan, number)
    if special == "waive":
        story.at(created + datetime.timedelta(days=20), partial(run.waive, holder, owed))
        return
    late = 0 if roll < 72 else 1 + roll % 12
    delivered = _at(due + datetime.timedelta(days=late - (roll % 4 if not late else 0)), 15)
    recent = delivered + datetime.timedelta(days=45) >= cutoff
    if delivered >= cutoff or (recent and roll % 2 == 0):
        return  # not delivered yet: pending, due soon or overdue as the calendar has it
    story.at(
        delivered, partial(run.deliver, holder, owes, "Attached, with a note on each criterion.")
    )
    judged = delivered + datetime.timedelta(days=2 + roll % 5, hours=-3)
    if judged >= cutoff or (roll % 2 and judged + datetime.timedelta(days=12) >= cutoff):
        return  # awaiting a verdict: the party owed is still reviewing it
    rejected = 82 <= roll < 92 or special == "dispute"
    if not rejected:
        story.at(judged, partial(run.judge, holder, owed, True, "Meets the acceptance criteria."))
        return
    story.at(judged, partial(run.judge, holder, owed, False, _rejection(number)))
    if special == "dispute":
        story.at(judged + datetime.timedelta(days=3), partial(run.dispute, holder, owes))
        return
    again = judged + datetime.timedelta(days=6 + roll % 6)
    if again < cutoff:
        story.at(again, partial(run.deliver, holder, owes, "Revised to address every point."))
        if again + datetime.timedelta(days=3) < cutoff:
            story.at(
                again + datetime.timedelta(days=3),
                partial(run.judge, holder, owed, True, "The revision meets the criteria."),
            )


def _special(plan: Plan, number: int) -> str:
    """The one waived and the one disputed commitment of the demo."""
    if plan.name.startswith("Tidewell–Castlegate allogeneic") and number == 3:
        return "waive"
    if plan.name.startswith("Lumen–Castlegate TROP2") and number == 13:
        return "dispute"
    return ""


def _rejection(number: int) -> str:
    reasons = [
        "The QA sign-off page is missing, so the report is not final as the criteria require.",
        "Two of the specified attributes are reported without limits; please complete the table.",
        "The data dictionary does not match the datasets delivered; we cannot load them.",
        "The report is in a draft template; the agreed JSC template is required.",
    ]
    return reasons[number % len(reasons)]


# --- The learning plan -------------------------------------------------------------------------


def _schedule_learning(story: Story, run: Run, index: int, cutoff: datetime.datetime) -> None:
    plan = run.plan
    start = _day(plan.created) + datetime.timedelta(days=plan.accept_after + 20 + index)
    partner = next(k for k in plan.parties if k != PHARMA)
    # Patient selection by a response biomarker is a question for targeted medicines, not for a
    # vaccine, an enzyme replacement or a lipid-lowering siRNA whose patients a lab value selects.
    area = plan.programmes[0][2]
    menu = [spec for spec in LEARNING if area in SELECTED or "biomarker" not in spec[0]]
    specs = menu[index % 2 : index % 2 + 2] if len(menu) > 2 else menu
    for number, spec in enumerate(specs):
        holder = Holder()
        owner = PHARMA if number % 2 == 0 else partner
        created = _at(start + datetime.timedelta(days=30 * number), 11)
        story.at(created, partial(_objective, run, holder, spec, owner, created.date()))
        reviews = _review_days(created.date(), cutoff.date(), stale=number == 1)
        for i, day in enumerate(reviews):
            value = _measure(spec, i, len(reviews))
            story.at(_at(day, 14), partial(_review, run, holder, owner, value, i))


def _objective(run: Run, holder: Holder, spec: tuple, owner: str, day: datetime.date) -> None:
    title, rationale, measure, unit, baseline, target = spec
    holder.record = services.objective_create(
        actor=run.lead(PHARMA),
        alliance=run.alliance(),
        title=title,
        rationale=rationale,
        measure=measure,
        unit=unit,
        baseline=baseline,
        target=target,
        owner=run.lead(owner),
        target_date=day + datetime.timedelta(days=4 * 365),
    )


def _review_days(start: datetime.date, end: datetime.date, *, stale: bool) -> list[datetime.date]:
    """Reviews every four months; a stale objective was last measured four months before the end."""
    last = end - datetime.timedelta(days=125 if stale else 5)
    days, day = [], start + datetime.timedelta(days=90)
    while day <= last:
        days.append(day)
        day += datetime.timedelta(days=122)
    return days


def _measure(spec: tuple, i: int, count: int) -> Decimal:
    """Progress from the baseline towards (not quite to) the target, with a setback or two."""
    baseline, target = spec[4], spec[5]
    share = Decimal(i + 1) / Decimal(count + 1) * Decimal("0.9")
    wobble = Decimal("0.08") if i % 3 == 2 else Decimal(0)
    value = baseline + (target - baseline) * (share - wobble)
    return value.quantize(Decimal("0.01"))


def _review(run: Run, holder: Holder, owner: str, value: Decimal, i: int) -> None:
    objective: LearningObjective = holder.record
    if i == 0:
        comment = "First measure since we agreed the objective."
    elif i % 3 == 2:
        comment = "A setback this period; the cause is understood and the action agreed."
    elif i % 3 == 0:
        comment = "Back on track."
    else:
        comment = "Moving the right way; the JSC pre-reads are helping."
    services.review_record(actor=run.lead(owner), objective=objective, value=value, comment=comment)

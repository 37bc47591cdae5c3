"""The notes each demo alliance collects: kick-off, private reviews, steering committees, gates.

Written from templates so that thirty-odd alliances read like real ones without a thousand lines
of prose; each plan adds its own particular notes on top (see data.py).
"""

from __future__ import annotations

import datetime
import zlib

from concord.demo.data import ORG_BY_KEY, PHARMA, STORY_END, DemoNote, Plan

JSC_EVERY = datetime.timedelta(days=182)
PHASE_LABELS = {
    "discovery": "Discovery",
    "preclinical": "Pre-Clinical",
    "clinical": "Clinical Trials",
    "commercialisation": "Commercialisation",
    "scale_up": "Scale-Up",
    "wind_down": "Wind-Down",
    "terminated": "Terminated",
}

PROGRESS = {
    "discovery": "Discovery work on {asset} is on plan: two series advanced, one dropped on "
    "selectivity. The target product profile was reviewed and left unchanged.",
    "preclinical": "Dose-range-finding toxicology for {asset} is complete; GLP studies are booked "
    "and the CMC campaign for the clinical lot starts next month.",
    "clinical": "Enrolment for {asset} in {indication} stands at {pct}% of target across {sites} "
    "sites. The data monitoring committee raised no new safety signal.",
    "commercialisation": "{asset} is live in {sites} markets and uptake is at {pct}% of the launch "
    "forecast. Payer negotiations continue in two markets.",
    "scale_up": "Technology transfer to the second site is {pct}% complete; the first engineering "
    "run met its yield target.",
}

# A platform, an assay or a registry is validated, not dosed: its own words for the early phases.
PLATFORM_PROGRESS = {
    "discovery": "Work on {asset} is on plan: the first validation set is complete, and the "
    "analysis plan was reviewed and left unchanged.",
    "preclinical": "Validation of {asset} is {pct}% complete; the second-site comparison is "
    "booked and the acceptance criteria for use in trials are agreed.",
}

DECISIONS = (
    "Decisions\n- Budget for the next two quarters confirmed within the development plan.\n"
    "- The publication plan for the next congress approved by both sides.",
    "Decisions\n- Timeline slip of six weeks accepted; no change to milestones.\n"
    "- Joint project team to meet fortnightly until the next readout.",
    "Decisions\n- Cost-share true-up for last year agreed; invoice to follow.\n"
    "- Two new team members welcomed and added to the alliance team.",
    "Decisions\n- Risk register reviewed: supply risk down, recruitment risk up.\n"
    "- The alliance health check moves to the next meeting.",
)

ACTIONS = (
    "Actions\n- {partner} to circulate updated study timelines within two weeks.\n"
    "- {us} to confirm resourcing for the next campaign.",
    "Actions\n- Both alliance managers to refresh the RACI for the next phase.\n"
    "- Finance leads to reconcile the shared costs before quarter end.",
    "Actions\n- {partner} to share the raw data package in the joint data room.\n"
    "- Minutes to be approved within ten working days, as the charter requires.",
)


def _day(text: str, days: int = 0) -> datetime.date:
    return datetime.date.fromisoformat(text) + datetime.timedelta(days=days)


def _pick(options: tuple[str, ...], *parts: str) -> str:
    return options[zlib.crc32("|".join(parts).encode()) % len(options)]


def _number(low: int, high: int, *parts: str) -> int:
    return low + zlib.crc32("|".join(parts).encode()) % (high - low + 1)


def _lead(plan: Plan, org: str) -> str:
    return plan.lead if org == PHARMA else ORG_BY_KEY[org].lead


def _signer(plan: Plan, org: str) -> str:
    return "ingrid" if org == PHARMA and plan.tier == "strategic" else _lead(plan, org)


def _names(plan: Plan) -> str:
    names = [ORG_BY_KEY[key].name for key in plan.parties]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _sides(plan: Plan) -> tuple[str, str]:
    """The pharma (or the creator) and its partner, by name, for the action lists."""
    us = PHARMA if PHARMA in plan.parties else plan.parties[0]
    partner = next(key for key in plan.parties if key != us)
    return ORG_BY_KEY[us].name, ORG_BY_KEY[partner].name


def phase_on(plan: Plan, day: datetime.date) -> str:
    """The phase an alliance was in on a day, from the gates that had passed by then."""
    phase = "discovery"
    for gate in plan.gates:
        if gate.outcome == "passed" and _day(gate.on, 12) <= day:
            phase = gate.to
    return phase


def end_of_life(plan: Plan) -> datetime.date | None:
    """When an alliance went into wind-down or termination, if it did."""
    for gate in plan.gates:
        if gate.outcome == "passed" and gate.to in ("wind_down", "terminated"):
            return _day(gate.on)
    return None


def notes_for(plan: Plan) -> list[DemoNote]:
    """Every note of one alliance, in no particular order."""
    if plan.proposed:
        return [proposal_note(plan), *plan.notes]
    accepted = _day(plan.created, plan.accept_after)
    return [
        kickoff_note(plan, accepted),
        *private_reviews(plan, accepted),
        *steering_notes(plan, accepted),
        *gate_notes(plan),
        *plan.notes,
    ]


def proposal_note(plan: Plan) -> DemoNote:
    """Why the proposing side wants this alliance, kept to itself."""
    creator = plan.parties[0]
    asset, _, _, indication, _ = plan.programmes[0]
    return DemoNote(
        plan.created,
        creator,
        _lead(plan, creator),
        "Why we are proposing this alliance",
        f"{asset} fills a gap in {indication}. Opening position: option fee and milestones in line "
        "with comparable deals; walk-away if exclusivity covers more than this indication.",
    )


def kickoff_note(plan: Plan, accepted: datetime.date) -> DemoNote:
    """The shared summary of the kick-off meeting."""
    creator = plan.parties[0]
    asset = plan.programmes[0][0]
    body = (
        f"Teams from {_names(plan)} met to launch the alliance.\n\n"
        f"Purpose: {plan.purpose}\n\n"
        "Operating rhythm: joint steering committee twice a year, project team monthly, alliance "
        "managers weekly.\n\n"
        f"First actions: share the {asset} data package in the joint data room; agree the "
        "development plan and first-year budget."
    )
    on = (accepted + datetime.timedelta(days=4)).isoformat()
    return DemoNote(on, creator, _lead(plan, creator), "Kick-off meeting summary", body, False)


def private_reviews(plan: Plan, accepted: datetime.date) -> list[DemoNote]:
    """Each party's own view of the deal, never shown to its partners."""
    asset, _, area, indication, _ = plan.programmes[0]
    notes = []
    for i, org in enumerate(plan.parties):
        on = (accepted + datetime.timedelta(days=21 + 14 * i)).isoformat()
        if org == PHARMA:
            notes.append(
                DemoNote(
                    on,
                    org,
                    "daniel",
                    "Portfolio fit review",
                    f"{asset} sits in our {area} strategy as an external complement to the "
                    f"internal pipeline in {indication}. Risk: a single asset with one partner; "
                    "mitigation: option structure and stage-gated funding. Recommendation: "
                    "stay the course, revisit at the next gate.",
                )
            )
        else:
            notes.append(
                DemoNote(
                    on,
                    org,
                    _lead(plan, org),
                    "Board update: alliance economics",
                    f"The alliance funds {asset} through the next phase. Milestones are modest but "
                    "reliable; the bigger value is validation. Keep the partner's team close and "
                    "make sure every deliverable is signed off in writing.",
                )
            )
    return notes


def steering_notes(plan: Plan, accepted: datetime.date) -> list[DemoNote]:
    """Twice-yearly joint steering committee summaries, shared, until the alliance winds down."""
    asset, modality, _, indication, _ = plan.programmes[0]
    stop = min(STORY_END - datetime.timedelta(days=20), end_of_life(plan) or STORY_END)
    day, notes = accepted + datetime.timedelta(days=120), list[DemoNote]()
    while day < stop:
        author_org = plan.parties[len(notes) % len(plan.parties)]
        us, partner = _sides(plan)
        key = (plan.name, day.isoformat())
        phase = phase_on(plan, day)
        platform = modality in ("platform", "other") and phase in PLATFORM_PROGRESS
        progress = (PLATFORM_PROGRESS if platform else PROGRESS)[phase].format(
            asset=asset,
            indication=indication,
            pct=_number(35, 96, *key),
            sites=_number(4, 31, *key),
        )
        body = "\n\n".join(
            [
                "Attendees: both alliance managers, executive sponsors and project leads.",
                progress,
                _pick(DECISIONS, *key),
                _pick(ACTIONS, *key).format(us=us, partner=partner),
            ]
        )
        quarter = f"Q{(day.month - 1) // 3 + 1} {day.year}"
        title = f"Joint steering committee – {quarter}"
        notes.append(
            DemoNote(day.isoformat(), author_org, _lead(plan, author_org), title, body, False)
        )
        day += JSC_EVERY
    return notes


def gate_notes(plan: Plan) -> list[DemoNote]:
    """A private note from whoever declined a gate, and the shared plan for a wind-down."""
    notes = []
    for gate in plan.gates:
        phase = PHASE_LABELS[gate.to]
        if gate.outcome == "declined":
            decliner = next(org for org in plan.parties if org != gate.by)
            notes.append(
                DemoNote(
                    _day(gate.on, 12).isoformat(),
                    decliner,
                    _signer(plan, decliner),
                    f"Why we declined the move to {phase}",
                    f"{gate.reason}\n\nWhat would change our answer: the missing items delivered "
                    "and reviewed by our project lead. Relationship is fine; this is about the "
                    "package, and we told them so at the JSC.",
                )
            )
        if gate.outcome == "passed" and gate.to == "wind_down":
            author = PHARMA if PHARMA in plan.parties else plan.parties[0]
            notes.append(
                DemoNote(
                    _day(gate.on, 14).isoformat(),
                    author,
                    _lead(plan, author),
                    "Wind-down plan",
                    "Close-out of open studies by quarter end; materials returned or destroyed "
                    "with certificates; final report and data transfer; the joint team thanks "
                    "everyone who worked on it. Lessons learned session booked.",
                    False,
                )
            )
    return notes

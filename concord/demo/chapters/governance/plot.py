"""The governance story's plot, as data: each alliance's committees, their sittings and the
decisions taken at them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PHARMA = "castlegate"


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

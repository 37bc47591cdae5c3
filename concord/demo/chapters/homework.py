"""The demo's homework story, a chapter of the demo story (see concord/demo/story.py).

On the Lumen–Castlegate TROP2 alliance both sides keep homework on each other, each private to
itself — two different views of the same alliance:

- Castlegate (Hannah) profiles Lumen as an ADC specialist whose whole business this alliance is,
  maps Lumen's people and assesses the fit each quarter: steady, around 80.
- Lumen (Maya) profiles Castlegate and sees the fit drift over two years: Castlegate starts an
  internal TROP2 bispecific and signs an ADC alliance with another biotech (both competing),
  its executive sponsor Marcus Whitfield leaves the alliance, and the quarterly fit falls from
  the mid-80s to the 50s — a drift alert, a sponsor-change alert and continuity alerts.

Onboarding is partly done on both sides: Maya and Hannah have done every step, Ben two.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance
from concord.core import clock
from concord.demo.data import PHARMA, PLANS
from concord.demo.dates import moment
from concord.homework import services
from concord.homework.models import Alert, FitAssessment, OnboardingDone, PartnerFact, Stakeholder
from concord.orgs.models import Organisation

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "Homework"
ALLIANCE = "Lumen–Castlegate TROP2 ADC collaboration"
BIOTECH = "lumen"
QUARTERS = 8  # two years of quarterly fit assessments, ending in the story's last month

# (strategic fit, priority, market, competition, sponsor strength) each quarter, oldest first.
LUMEN_SEES = [
    (5, 4, 4, 4, 5),
    (5, 4, 4, 4, 5),
    (4, 4, 4, 4, 5),
    (4, 4, 4, 3, 5),
    (4, 3, 4, 2, 4),
    (4, 3, 3, 2, 4),
    (3, 3, 3, 2, 4),
    (3, 2, 3, 2, 2),
]
CASTLEGATE_SEES = [(4, 4, 4, 4, 4)] * 4 + [(4, 4, 4, 5, 4)] * 4
LUMEN_NOTES = {
    "strategic_fit": "TROP2 is still named in Castlegate's oncology strategy, but lower down.",
    "priority": "Dropped from their top-three oncology assets at the capital markets day.",
    "competition": "CG-4410 (internal TROP2 bispecific) and the Halden ADC deal compete with us.",
    "sponsor_strength": "Marcus Whitfield moved on; Ingrid is supportive but stretched.",
}
CASTLEGATE_NOTES = {
    "strategic_fit": "LMN-2201 is Lumen's lead asset: the alliance is their whole business.",
    "sponsor_strength": "Maya Okafor sponsors it personally.",
}


def _plan() -> Any:
    return next(p for p in PLANS if p.name == ALLIANCE)


class Run:
    """The homework being played on one alliance, by both sides."""

    def __init__(self, story: Story) -> None:
        self.story, self.plan = story, _plan()

    def alliance(self) -> Alliance:
        return Alliance.objects.unscoped().get(name=ALLIANCE)

    def org(self, key: str) -> Organisation:
        return Organisation.objects.get(name=self.story.orgs[key].name)

    def lead(self, key: str) -> Any:
        return self.story.lead(key, self.plan)

    def fact(self, by: str, about: str, kind: str, on: datetime.date, **fields: Any) -> None:
        services.partner_fact_record(
            actor=self.lead(by),
            alliance=self.alliance(),
            partner=self.org(about),
            kind=kind,
            as_of=on,
            **fields,
        )

    def assess(self, by: str, scores: tuple[int, ...], notes: dict[str, str], on: Any) -> None:
        names = ("strategic_fit", "priority", "market", "competition", "sponsor_strength")
        services.fit_assess(
            actor=self.lead(by),
            alliance=self.alliance(),
            assessed_on=on,
            rationale=notes,
            **dict(zip(names, scores, strict=True)),
        )

    def person(self, by: str, name: str, person: str = "", owner: str = "", **fields: Any) -> None:
        about = PHARMA if by == BIOTECH else BIOTECH
        services.stakeholder_create(
            actor=self.lead(by),
            alliance=self.alliance(),
            name=name,
            person=self.story.person(about, person) if person else None,
            owner=self.story.person(by, owner) if owner else self.lead(by),
            **fields,
        )

    def left(self, by: str, name: str, on: datetime.date) -> None:
        found = Stakeholder.objects.unscoped().get(alliance=self.alliance(), name=name)
        services.stakeholder_update(actor=self.lead(by), stakeholder=found, left_on=on)

    def onboard(self, by: str, first: str, steps: int) -> None:
        for i in range(steps):
            services.onboarding_step_done(
                actor=self.lead(by),
                alliance=self.alliance(),
                step=f"default-{i}",
                person=self.story.person(by, first),
            )


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {
        "fit assessments": FitAssessment.objects.unscoped().count(),
        "stakeholders": Stakeholder.objects.unscoped().count(),
        "homework alerts": Alert.objects.unscoped().count(),
        "onboarding steps done": OnboardingDone.objects.unscoped().count(),
        "partner facts": sum(
            model.objects.unscoped().count() for model in PartnerFact.__subclasses__()
        ),
    }


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    run = Run(story)
    at = partial(_at, story)
    _profiles(run, at)
    _maps(run, at)
    for q in range(QUARTERS):
        at(f"2025-02-{10 + q % 3:02d}", 10, q * 91, partial(_assess, run, BIOTECH, q))
        at(f"2025-02-{10 + q % 3:02d}", 11, q * 91, partial(_assess, run, PHARMA, q))
    # Castlegate's sponsor moves to another franchise; Lumen notes it.
    at("2026-06-02", 9, 0, partial(run.left, BIOTECH, "Marcus Whitfield", _day("2026-05-29")))
    at("2026-06-20", 10, 0, partial(run.onboard, BIOTECH, "maya", 4))
    at("2026-06-20", 11, 0, partial(run.onboard, BIOTECH, "ben", 2))
    at("2026-06-21", 10, 0, partial(run.onboard, PHARMA, "hannah", 4))
    at("2026-06-21", 11, 0, partial(run.onboard, PHARMA, "sophie", 1))
    at("2026-11-19", 7, 0, services.continuity_check)  # the sweep's morning run


def _at(story: Story, day: str, hour: int, days: int, action: Any) -> None:
    story.at(moment(day, hour, days=days), action)


def _day(text: str) -> datetime.date:
    return moment(text, 0).date()


def _assess(run: Run, by: str, quarter: int) -> None:
    scores = (LUMEN_SEES if by == BIOTECH else CASTLEGATE_SEES)[quarter]
    notes = LUMEN_NOTES if by == BIOTECH and quarter >= 4 else {}
    if by == PHARMA:
        notes = CASTLEGATE_NOTES
    run.assess(by, scores, notes, clock.today())


def _profiles(run: Run, at: Any) -> None:
    """What each side records about the other, each fact with its source and date."""
    lumen_on_castlegate = [
        (
            "area",
            {"therapeutic_area": "oncology", "franchise": "Solid tumours", "weight_percent": 35},
        ),
        ("area", {"therapeutic_area": "immunology", "franchise": "I&I", "weight_percent": 25}),
        ("area", {"therapeutic_area": "neuroscience", "franchise": "", "weight_percent": 20}),
    ]
    for n, (kind, fields) in enumerate(lumen_on_castlegate):
        at("2024-11-20", 9, n, partial(
            run.fact, BIOTECH, PHARMA, kind, _day("2024-10-30"),
            source="Castlegate annual report 2023, segment note", **fields,
        ))  # fmt: skip
    at("2025-09-15", 9, 0, partial(
        run.fact, BIOTECH, PHARMA, "programme", _day("2025-09-12"),
        name="CG-4410", therapeutic_area="oncology", modality="antibody",
        mechanism="TROP2 × CD3 bispecific", indication="Triple-negative breast cancer",
        phase="phase_1", relation="competes",
        source="Castlegate R&D day 2025, slide 31",
    ))  # fmt: skip
    at("2026-03-04", 9, 0, partial(
        run.fact, BIOTECH, PHARMA, "alliance", _day("2026-03-02"),
        counterparty="Halden Bio (ADC platform)", therapeutic_area="oncology",
        announced_on=_day("2026-03-02"), competes=True,
        source="Castlegate press release, 2 March 2026",
    ))  # fmt: skip
    at("2024-11-22", 9, 0, partial(
        run.fact, PHARMA, BIOTECH, "area", _day("2024-09-30"),
        therapeutic_area="oncology", franchise="ADCs", weight_percent=100,
        source="Lumen S-1 filing",
    ))  # fmt: skip
    at("2024-11-22", 10, 0, partial(
        run.fact, PHARMA, BIOTECH, "programme", _day("2024-09-30"),
        name="LMN-3100", therapeutic_area="oncology", modality="adc",
        mechanism="Topoisomerase-I payload, HER3", indication="Non-small cell lung cancer",
        phase="preclinical", relation="complements", source="Lumen S-1 filing",
    ))  # fmt: skip


def _maps(run: Run, at: Any) -> None:
    """Each side's map of the other's people, and who owns each relationship."""
    lumen_map = [
        ("Ingrid Solberg", "ingrid", "ben", "executive", "research", "sponsor", "supportive", 3),
        ("Marcus Whitfield", "", "maya", "executive", "commercial", "sponsor", "champion", 4),
        ("Hannah Kessler", "hannah", "ben", "leadership", "alliance", "counterpart", "champion", 5),
        ("Sophie Laurent", "sophie", "ruth", "working", "research", "counterpart", "supportive", 4),
        ("Daniel Achebe", "", "maya", "leadership", "business_development", "influencer",
         "sceptical", 2),
    ]  # fmt: skip
    castlegate_map = [
        ("Maya Okafor", "maya", "", "executive", "alliance", "sponsor", "champion", 5),
        ("Ben Castillo", "ben", "", "leadership", "alliance", "counterpart", "champion", 4),
        ("Ruth Adeyemi", "ruth", "sophie", "working", "research", "counterpart", "supportive", 4),
    ]
    for by, people in ((BIOTECH, lumen_map), (PHARMA, castlegate_map)):
        for n, (name, person, owner, level, function, role, stance, strength) in enumerate(people):
            at("2024-12-02", 9 + n, 0 if by == BIOTECH else 1, partial(
                run.person, by, name, person=person, owner=owner, level=level,
                function=function, role=role, stance=stance, strength=strength,
                last_contact=_day("2024-11-28"),
            ))  # fmt: skip
    # Contacts kept up: most relationships in touch within the last month.
    for name, by in (("Ingrid Solberg", BIOTECH), ("Hannah Kessler", BIOTECH),
                     ("Maya Okafor", PHARMA), ("Ben Castillo", PHARMA),
                     ("Ruth Adeyemi", PHARMA)):  # fmt: skip
        at("2026-11-06", 15, 0, partial(_contact, run, by, name))


def _contact(run: Run, by: str, name: str) -> None:
    found = Stakeholder.objects.unscoped().get(
        alliance=run.alliance(), name=name, organisation=run.org(by)
    )
    services.stakeholder_contact(actor=run.lead(by), stakeholder=found)

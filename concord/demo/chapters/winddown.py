"""The demo's wind-down, a chapter of the demo story (see concord/demo/story.py).

The Tidewell–Castlegate solid tumour CAR-T research moved into its Wind-Down phase after the
xenograft studies missed their bar; the studies have since closed, and the research term expires
at the end of the year. Ninety days before, Castlegate gives notice under the expiry clause and
the formal wind-down starts: its checklist drawn from the usual terms and from the research
agreement's sections (the deliverables of § 4.1, confidentiality under § 12, the licences of
§ 16.3), and the final health check opens. By the story's end it is half-way: the
materials are back, Tidewell's data room is handed over, each side has certified the destruction
of the other's confidential information, the licences have ended and the last invoices are paid;
the regulatory transfer, Castlegate's data, the cost reconciliation and audit, and the
communications are still open, so neither party can close yet. Two obligations outlive the
alliance: confidentiality for five years and Castlegate's right to audit the research costs.
The two leads have written the lessons learned, which the alliance's learning plan keeps.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance, Party
from concord.demo.data import PHARMA, PLANS, STORY_END
from concord.demo.dates import day as _day
from concord.demo.pdf import text_pdf
from concord.documents import services as documents
from concord.documents.models import Document
from concord.winddown import services
from concord.winddown.models import ChecklistItem, SurvivingObligation, WindDown

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "Wind-down"
ALLIANCE = "Tidewell–Castlegate solid tumour CAR-T research"
PARTNER = "tidewell"
# The research agreement's sections the checklist is drawn from: (number, heading, obligation).
SECTIONS = (
    ("1.1", "Definitions", False),
    ("4.1", "Research plan deliverables", True),
    ("12", "Confidentiality", True),
    ("16.3", "Licences on expiry", True),
)
LESSONS = (
    "Agree the xenograft go/no-go bar in the research plan, not after the first read-out.\n"
    "Return materials as each study closes rather than all at the end.\n"
    "Name the data room's format at signing: the hand-over took three weeks of conversion."
)
# The checklist areas done by the story's end, with the evidence each side gave.
DONE = {
    "materials": "Cell banks and vectors returned by courier, signed receipt TW-RET-0412.",
    "confidential": "Certificate of destruction signed by the records manager.",
    "regulatory": "Data room exported and handed over; transfer letter countersigned.",
    "licences": "Research licences end with the term; no licence survives (§ 16.3).",
    "payments": "Final invoices paid; nothing outstanding on the ledger.",
    "trials": "No clinical trial was started under the research plan: nothing to transfer.",
}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


class Run:
    def __init__(self, story: Story) -> None:
        self.story = story
        self.plan = next(p for p in PLANS if p.name == ALLIANCE)

    def alliance(self) -> Alliance:
        return Alliance.objects.unscoped().get(name=ALLIANCE)

    def party(self, key: str) -> Party:
        name = self.story.orgs[key].name
        return Party.objects.unscoped().get(alliance=self.alliance(), organisation__name=name)

    def lead(self, key: str) -> Any:
        return self.story.lead(key, self.plan)

    def wind_down(self) -> WindDown:
        return WindDown.objects.unscoped().get(alliance=self.alliance())

    def agreement(self) -> None:
        """The research agreement, as signed, with the sections the wind-down draws from."""
        actor = self.lead(PHARMA)
        agreement = documents.document_upload(
            actor=actor,
            alliance=self.alliance(),
            title="Research agreement – solid tumour CAR-T",
            name="research-agreement.pdf",
            data=text_pdf(
                ["Research agreement", *(f"Section {n} {heading}" for n, heading, _ in SECTIONS)]
            ),
            kind=Document.Kind.AGREEMENT,
            note="As signed by both parties.",
        )
        for number, heading, tracked in SECTIONS:
            documents.section_add(
                actor=actor,
                document=agreement,
                number=number,
                heading=heading,
                tracked_expected=tracked,
            )

    def lessons(self) -> None:
        services.lessons_record(
            actor=self.lead(PARTNER), wind_down=self.wind_down(), lessons=LESSONS
        )

    def start(self, on: datetime.date) -> None:
        services.winddown_start(
            actor=self.lead(PHARMA),
            alliance=self.alliance(),
            reason="expiry",
            notice_given_on=on,
            notice_days=90,
            section="§ 16.1",
            explanation="The research term ends on 31 December. The studies closed after the "
            "xenograft results; this winds down what remains.",
        )

    def obligation(self, kind: str, description: str, owed_by: str, years: int) -> None:
        wind_down = self.wind_down()
        services.obligation_add(
            actor=self.lead(PHARMA),
            wind_down=wind_down,
            kind=kind,
            description=description,
            owed_by_party_id=self.party(owed_by).pk,
            ends_on=wind_down.effective_on + datetime.timedelta(days=365 * years),
            section="§ 16.4",
        )

    def complete(self, area: str, key: str) -> None:
        party = self.party(key)
        for item in ChecklistItem.objects.unscoped().filter(
            wind_down=self.wind_down(), area=area, owner=party, done_at=None
        ):
            services.item_complete(actor=self.lead(key), item=item, evidence=DONE[area])


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {
        "wind-downs": WindDown.objects.unscoped().count(),
        "checklist items": ChecklistItem.objects.unscoped().count(),
        "surviving obligations": SurvivingObligation.objects.unscoped().count(),
    }


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    run = Run(story)
    end = _day(STORY_END.isoformat())
    notice = datetime.date(end.year, 10, 2)  # 90 days before the term ends on 31 December
    story.at(_at(notice, 9), run.agreement)
    story.at(_at(notice, 10), partial(run.start, notice))
    story.at(
        _at(notice, 11),
        partial(run.obligation, "confidentiality", "Confidentiality for five years", PARTNER, 5),
    )
    story.at(
        _at(notice, 12),
        partial(run.obligation, "audit", "Castlegate may audit research costs", PARTNER, 3),
    )
    for offset, (area, key) in enumerate(
        [
            ("materials", PARTNER),
            ("materials", PHARMA),
            ("confidential", PHARMA),
            ("confidential", PARTNER),
            ("regulatory", PARTNER),
            ("licences", PARTNER),
            ("licences", PHARMA),
            ("payments", PHARMA),
            ("payments", PARTNER),
            ("trials", PHARMA),
        ]
    ):
        when = notice + datetime.timedelta(days=5 + 4 * offset)
        story.at(_at(when, 15), partial(run.complete, area, key))
    story.at(_at(notice + datetime.timedelta(days=50), 16), run.lessons)

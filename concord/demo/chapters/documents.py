"""The demo's documents and risks, a chapter of the demo story (see concord/demo/story.py).

Castlegate's four strategic alliances keep their document room on Concord: the signed
collaboration agreement with its sections listed and each tracked obligation (milestones,
royalty terms, commitments, committee charters) linked to the section it comes from, a pre-read
for the latest committee meeting, the evidence for the latest gate, and a negotiation memo
Castlegate keeps to itself. Each alliance also keeps a risk register: shared risks both sides
watch, one risk each side keeps private, and in the Tidewell CAR-T alliance a risk that
materialised into a concern when Castlegate's capacity booking slipped.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.alliances.models import Alliance
from concord.core.attachments import EVIDENCE, PRE_READ, SECTION, linkable, linkables
from concord.demo.data import PHARMA, PLANS, STORY_END, Plan
from concord.demo.dates import moment
from concord.demo.pdf import text_pdf
from concord.documents import services as documents
from concord.documents.models import Document, DocumentLink
from concord.risks import services as risks
from concord.risks.models import Risk

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "Documents and risks"
MAIN = (
    "Lumen–Castlegate TROP2 ADC collaboration",
    "Tidewell–Castlegate allogeneic CAR-T alliance",
    "Quillon–Castlegate LRRK2 inhibitor licence",
    "Ardent–Castlegate Fabry gene therapy",
)
MATERIALISED = "Tidewell–Castlegate allogeneic CAR-T alliance"
# The agreement's sections, and which kind of tracked record comes from each ("" for none).
SECTIONS = (
    ("1.1", "Definitions", "", False),
    ("3.1", "Research and development plan", "expectations.commitment", True),
    ("4.1", "Joint steering committee", "governance.charter", True),
    ("5.2", "Development and regulatory milestones", "deals.milestone", True),
    ("6.1", "Royalties", "deals.royaltyterm", True),
    ("9.3", "Confidentiality (seven years after termination)", "", True),
    ("12.4", "Audit rights", "", True),
)
# (title, category, likelihood, impact, whose, private, trigger, mitigation, escalation)
RISKS = (
    ("Scale-up batch fails release", "operational", 2, 4, PHARMA, False,
     "Two consecutive engineering batches out of specification.",
     "Second CDMO qualified in parallel; tech transfer package frozen in Q1.",
     "JSC within 10 days; executive sponsors if supply for the pivotal study is at risk."),
    ("Competing programme reads out first", "commercial", 3, 3, PHARMA, False,
     "A competitor's Phase 2 data at a major congress.",
     "Differentiation plan refreshed each half-year; biomarker strategy kept current.",
     "JCC, then the sponsors if positioning must change."),
    ("Key scientist leaves the partner", "relationship", 2, 3, "partner", False,
     "Resignation of the programme's lead biologist.",
     "Deputy named in the operating model; knowledge captured in the document room.",
     "Alliance managers first; JSC if timelines move."),
    ("Portfolio review deprioritises the programme", "relationship", 2, 4, PHARMA, True,
     "The annual portfolio review ranks the programme below the line.",
     "Keep the sponsor briefed on the programme's value before the review.",
     "Castlegate's executive sponsor; kept internal until decided."),
    ("Runway shorter than the development plan", "financial", 2, 4, "partner", True,
     "Cash below 12 months' runway.",
     "Milestone timing reviewed with the board; bridge options prepared.",
     "Our board, then a conversation with Castlegate under the agreement's funding clause."),
)  # fmt: skip


def _alliance(plan: Plan) -> Alliance:
    return Alliance.objects.unscoped().get(name=plan.name)


def _partner(plan: Plan) -> str:
    return next(org for org in plan.parties if org != PHARMA)


def _agreement_lines(plan: Plan) -> list[str]:
    lines = [plan.name.encode("latin-1", "replace").decode("latin-1"), "Collaboration agreement"]
    lines += [f"Section {number} {heading}" for number, heading, _, _ in SECTIONS]
    return [*lines, "Signed for each party by its authorised signatories."]


def _record_room(story: Story, plan: Plan) -> None:
    """The agreement with its sections and tracked obligations, a pre-read, gate evidence and a
    private memo, uploaded by each side's lead."""
    alliance = _alliance(plan)
    pharma, partner = story.lead(PHARMA, plan), story.lead(_partner(plan), plan)
    agreement = documents.document_upload(
        actor=pharma,
        alliance=alliance,
        title=f"Collaboration agreement – {plan.name}",
        name="collaboration-agreement.pdf",
        data=text_pdf(_agreement_lines(plan)),
        kind=Document.Kind.AGREEMENT,
        note="As signed by both parties.",
    )
    for number, heading, kind, tracked in SECTIONS:
        section = documents.section_add(
            actor=pharma,
            document=agreement,
            number=number,
            heading=heading,
            tracked_expected=tracked,
        )
        if kind:
            _link_section(pharma, agreement, section, kind)
    _pre_read(partner, alliance)
    _evidence(partner, alliance)
    documents.document_upload(
        actor=pharma,
        alliance=alliance,
        title="Negotiation memo: option economics",
        name="negotiation-memo.txt",
        data=b"Castlegate only: our walk-away position on the option fee and royalty tiers.",
        visibility="private",
    )


def _link_section(actor: Any, agreement: Document, section: Any, key: str) -> None:
    """Link the first few records of a kind to their section; the rest stay to be linked, as
    the agreement page shows."""
    kind = linkable(key)
    for record in list(kind.records(actor, agreement.alliance))[:4] if kind else []:
        documents.link_create(
            actor=actor,
            document=agreement,
            kind=key,
            object_id=record.pk,
            role=SECTION,
            section=section,
        )


def _first(actor: Any, alliance: Alliance, key: str) -> Any:
    kind = linkable(key)
    return next(iter(kind.records(actor, alliance)), None) if kind else None


def _pre_read(actor: Any, alliance: Alliance) -> None:
    meeting = _first(actor, alliance, "governance.meeting")
    if meeting is None:
        return
    document = documents.document_upload(
        actor=actor,
        alliance=alliance,
        title=f"Pre-read: programme update for {meeting}",
        name="programme-update.pdf",
        data=text_pdf(["Programme update", "Progress against plan, risks and decisions needed."]),
    )
    documents.link_create(
        actor=actor,
        document=document,
        kind="governance.meeting",
        object_id=meeting.pk,
        role=PRE_READ,
    )


def _evidence(actor: Any, alliance: Alliance) -> None:
    gate = _first(actor, alliance, "alliances.gate")
    if gate is None:
        return
    document = documents.document_upload(
        actor=actor,
        alliance=alliance,
        title=f"Gate evidence: data package for {gate}",
        name="gate-data-package.pdf",
        data=text_pdf(["Gate data package", "Efficacy, safety and CMC readiness summary."]),
    )
    documents.link_create(
        actor=actor, document=document, kind="alliances.gate", object_id=gate.pk, role=EVIDENCE
    )


def _record_risks(story: Story, plan: Plan, index: int) -> None:
    alliance = _alliance(plan)
    for n, (title, category, likely, impact, whose, private, trigger, plan_, path) in enumerate(
        RISKS
    ):
        org = PHARMA if whose == PHARMA else _partner(plan)
        owner = story.lead(org, plan)
        # Reviews fall due across the coming weeks; one or two are overdue.
        review_on = (
            moment(STORY_END.isoformat(), 9) + datetime.timedelta(days=7 * n - 4 - index)
        ).date()
        risks.risk_create(
            actor=owner,
            alliance=alliance,
            title=title,
            category=category,
            owner=owner,
            likelihood=likely,
            impact=impact,
            review_on=review_on,
            visibility="private" if private else "shared",
            trigger=trigger,
            mitigation=plan_,
            mitigation_starts=review_on - datetime.timedelta(days=60),
            mitigation_due=review_on + datetime.timedelta(days=90),
            escalation_plan=path,
        )


def _materialise(story: Story, plan: Plan) -> None:
    """Tidewell's capacity risk happened: the batch failed release, and it becomes a concern."""
    owner = story.lead(PHARMA, plan)
    risk = Risk.objects.visible_to(owner).get(
        alliance=_alliance(plan), title="Scale-up batch fails release"
    )
    risks.risk_materialise(
        actor=owner, risk=risk, note="Engineering batch 3 failed release on potency."
    )


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {
        "documents": Document.objects.unscoped().count(),
        "document links": DocumentLink.objects.unscoped().count(),
        "risks": Risk.objects.unscoped().count(),
    }


def schedule(story: Story) -> None:
    """Late in the story, once the deals, charters and meetings exist, each main alliance's room
    and register are filled in; one risk materialises a week before the end."""
    plans = [plan for plan in PLANS if plan.name in MAIN]
    end = STORY_END.isoformat()
    for index, plan in enumerate(plans):
        story.at(moment(end, 10, minute=index, days=-21), partial(_record_room, story, plan))
        story.at(
            moment(end, 11, minute=index, days=-20), partial(_record_risks, story, plan, index)
        )
        if plan.name == MATERIALISED:
            story.at(moment(end, 15, days=-6), partial(_materialise, story, plan))
    assert linkables(SECTION), "capabilities register the records agreement sections track"

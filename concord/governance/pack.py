"""The meeting pack: one PDF (WeasyPrint, from an HTML template) to send before a meeting.

It holds the agenda, the last meeting's minutes, the open actions, the decisions since the last
meeting, the alliance's phase and gate status, and the operating-model diagram. Every list is
read in a fixed number of queries and capped, so the pack renders the same at any age.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import PhaseTransition
from concord.core import clock
from concord.core.attachments import attachments_for
from concord.core.packs import pack_sections
from concord.core.pdf import PdfUnavailable, pdf_from_html
from concord.core.signatures import signatures_by_subject, signatures_of
from concord.governance import diagram, selectors
from concord.governance.models import Meeting

# Kept under its old name for the meeting pack's views.
PackUnavailable = PdfUnavailable


UNAVAILABLE = (
    "The meeting pack cannot be made on this server: WeasyPrint needs the Pango library "
    "(apt-get install libpango-1.0-0 libpangoft2-1.0-0, or brew install pango on a Mac). "
    "Run make doctor to check the machine."
)
PACK_LIMIT = 50  # open actions and decisions listed; the rest are counted


def pack_context(*, user: Any, meeting: Meeting) -> dict[str, Any]:
    """What the pack shows, read in scope."""
    record = selectors.meeting_record(user=user, meeting=meeting)
    alliance = meeting.alliance
    since = record.previous.starts_at if record.previous else None
    decisions = (
        selectors.decision_log(user=user, alliance=alliance)
        .filter(committee=meeting.committee)
        .exclude(meeting=meeting)
    )
    if since is not None:
        decisions = decisions.filter(created_at__gt=since)
    actions = selectors.action_list(user=user, alliance=alliance)
    pending = alliance_selectors.gate_list(user=user).filter(alliance=alliance, status="pending")
    # The pack says in words when the diagram is missing.
    picture = diagram.print_picture(
        diagram.operating_model(diagram.model_data(user=user, alliance=alliance))
    )
    shown_decisions, shown_actions = list(decisions[:PACK_LIMIT]), list(actions[:PACK_LIMIT])
    gate = pending.first()
    return {
        "alliance": alliance,
        "record": record,
        "meeting": meeting,
        "decisions": shown_decisions,
        "decisions_more": decisions.count() - len(shown_decisions),
        "actions": shown_actions,
        "actions_more": actions.count() - len(shown_actions),
        "today": clock.today(),
        "timeline": list(PhaseTransition.objects.visible_to(user).filter(alliance=alliance)),
        "pending_gate": gate,
        "gate_signatures": signatures_of(user=user, subject=gate) if gate else [],
        "minutes_signatures": (
            signatures_of(user=user, subject=record.previous_minutes)
            if record.previous_minutes
            else []
        ),
        "decision_signatures": signatures_by_subject(user=user, subjects=shown_decisions),
        "parties": record.parties,
        "diagram": picture,
        # The pre-reads the reader may see: a private one reaches only its own organisation's pack.
        "pre_reads": attachments_for(user, meeting),
        "diagram_unavailable": diagram.UNAVAILABLE,
        # What other capabilities add (the KPI summary, …), each read in the reader's scope.
        "sections": pack_sections(user, meeting),
    }


def pack_html(*, user: Any, meeting: Meeting) -> str:
    return render_to_string("governance/pack.html", pack_context(user=user, meeting=meeting))


def pack_pdf(*, user: Any, meeting: Meeting) -> bytes:
    """The meeting pack as PDF bytes."""
    return pdf_from_html(pack_html(user=user, meeting=meeting))

"""What governance adds to an alliance's briefing book (core/briefing.py): the key decisions,
the governance calendar ahead and the operating model diagram, read in the reader's scope."""

from __future__ import annotations

from typing import Any

from concord.alliances.models import Alliance
from concord.core import clock
from concord.governance import diagram, selectors

DECISIONS, MEETINGS = 10, 8  # the latest decisions and the next meetings the book lists


def briefing_section(user: Any, alliance: Alliance) -> tuple[str, dict[str, Any]]:
    """Decisions, the meetings ahead and the operating model: a fixed number of queries."""
    decisions = list(selectors.decision_log(user=user, alliance=alliance)[:DECISIONS])
    ahead = selectors.meeting_list(user=user, alliance=alliance).filter(starts_at__gte=clock.now())
    meetings = list(ahead.order_by("starts_at", "pk")[:MEETINGS])
    # The same print-resolution picture as the meeting pack's ("" when it cannot be drawn).
    picture = diagram.print_picture(
        diagram.operating_model(diagram.model_data(user=user, alliance=alliance))
    )
    return "governance/_briefing.html", {
        "decisions": decisions,
        "meetings": meetings,
        "diagram": picture,
        "unavailable": diagram.UNAVAILABLE,
    }

"""What expectations adds to an alliance's briefing book (core/briefing.py): the open
commitments and the learning plan, read in the reader's scope."""

from __future__ import annotations

from typing import Any

from concord.alliances.models import Alliance
from concord.expectations.selectors.commitments import CommitmentFilters, commitment_list
from concord.expectations.selectors.learning import objective_list
from concord.expectations.selectors.status import Status

LIMIT = 25
OPEN = [Status.OVERDUE, Status.IN_DISPUTE, Status.DUE_SOON, Status.PENDING, Status.REJECTED]


def briefing_section(user: Any, alliance: Alliance) -> tuple[str, dict[str, Any]]:
    """The commitments still owed, soonest first, and the learning objectives: two queries."""
    filters = CommitmentFilters(status=[str(s) for s in OPEN], sort="due")
    commitments = list(commitment_list(user=user, alliance=alliance, filters=filters)[:LIMIT])
    objectives = list(objective_list(user=user, alliance=alliance)[:LIMIT])
    return "expectations/_briefing.html", {"commitments": commitments, "objectives": objectives}

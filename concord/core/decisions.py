"""Committee decisions another capability asks for, without importing governance.

A capability whose record needs a committee's approval (a federated study) asks governance to
seek a decision by written consent and hears, through `signals.decision_settled`, how it ended.
Governance registers the one source with `register_decision_source(committees, seek, outcome)`:

- `committees(alliance) -> [(committee_id, name)]`: the alliance's committees whose charter in
  force allows written consent, the ones a capability may ask;
- `seek(actor, alliance, committee_id, title, text) -> DecisionRef`: seek the decision, as the
  actor (who must be allowed to run that committee's business); each party then votes through
  its own people, with governance's own rules and signatures;
- `outcome(decision_id) -> DecisionRef | None`: where a decision stands now.

Without it (governance not installed) no alliance has a committee to ask, and seeking one is
refused on `committee`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from concord.core.errors import invalid


@dataclass(frozen=True)
class DecisionRef:
    """A committee decision as another capability knows it: which, where, and how it stands."""

    id: int
    reference: str  # "D-007"
    committee: str
    outcome: str  # governance's outcome code: pending, agreed, rejected, deadlocked, lapsed…
    url: str  # its page in the decision log


Committees = Callable[[Any], list[tuple[int, str]]]
Seek = Callable[[Any, Any, int, str, str], DecisionRef]
Outcome = Callable[[int], "DecisionRef | None"]
_SOURCE: list[tuple[Committees, Seek, Outcome]] = []


def register_decision_source(committees: Committees, seek: Seek, outcome: Outcome) -> None:
    """Name the one source of committee decisions; registering again replaces it."""
    _SOURCE[:] = [(committees, seek, outcome)]


def deciding_committees(alliance: Any) -> list[tuple[int, str]]:
    """The alliance's committees that can be asked for a decision by written consent."""
    return _SOURCE[0][0](alliance) if _SOURCE else []


def decision_seek(
    *, actor: Any, alliance: Any, committee_id: int, title: str, text: str
) -> DecisionRef:
    """Ask the committee for a decision; governance records it and each party votes."""
    if not _SOURCE:
        raise invalid("committee", "This alliance has no committee to decide.")
    return _SOURCE[0][1](actor, alliance, committee_id, title, text)


def decision_outcome(decision_id: int) -> DecisionRef | None:
    """Where a decision stands, or None if there is none (or no governance)."""
    return _SOURCE[0][2](decision_id) if _SOURCE else None

"""What the round and portfolio readers share: one party's side of a round, as shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class PartyResult:
    """One party's side of a round: response rate always; scores only when shown."""

    party_id: int
    organisation_id: int
    name: str
    is_own: bool
    invited: int
    responded: int
    shown: bool
    overall: Decimal | None = None
    scores: dict[str, Decimal] = field(default_factory=dict)

    @property
    def rate(self) -> int | None:
        return round(100 * self.responded / self.invited) if self.invited else None


def _order_parties(results: list[PartyResult]) -> list[PartyResult]:
    return sorted(results, key=lambda p: (not p.is_own, p.name))

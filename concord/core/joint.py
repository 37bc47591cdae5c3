"""Joint acts: what the parties of an alliance do together (a vote, a gate, a resolution, an
approval) is made of each required party's own act, recorded by a person of that party with the
right role, and is complete only when every required party has acted.

This is the one rule; each feature keeps its own rows (votes, sign-offs, approvals) and asks
these functions who may act, whether a party may act again, and whether the act is complete.
No party can act in another's name: naming another party is refused with an error on the field
that named it, and a second act by the same party never silently replaces the first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from concord.core.errors import forbidden, invalid
from concord.core.tenancy import organisation_of


class PartyLike(Protocol):
    """What a joint act needs of a party: its id and the organisation that acts for it."""

    pk: Any
    organisation_id: Any


P = TypeVar("P", bound=PartyLike)


@dataclass(frozen=True)
class PartyAct:
    """One party's own act within a joint act: its answer, by whom and when."""

    party_id: int
    answer: str
    by_id: int | None = None
    at: datetime.datetime | None = None


@dataclass(frozen=True)
class JointAct:
    """A joint act as it stands: the parties whose acts it needs, and the acts made so far."""

    required: tuple[int, ...]
    acts: tuple[PartyAct, ...] = ()

    @classmethod
    def of(cls, required: Iterable[int], acts: Iterable[PartyAct]) -> JointAct:
        """A joint act of the required parties; acts of parties not required do not count."""
        required = tuple(required)
        return cls(required, tuple(a for a in acts if a.party_id in required))

    def act_of(self, party_id: int) -> PartyAct | None:
        """The party's act, if it has acted."""
        return next((a for a in self.acts if a.party_id == party_id), None)

    @property
    def missing(self) -> tuple[int, ...]:
        """The required parties that have not acted yet."""
        acted = {a.party_id for a in self.acts}
        return tuple(pk for pk in self.required if pk not in acted)

    @property
    def is_complete(self) -> bool:
        """Every required party has acted (a joint act with no parties is never complete)."""
        return bool(self.required) and not self.missing

    @property
    def answers(self) -> dict[int, str]:
        """Each acting party's answer, by party id."""
        return {a.party_id: a.answer for a in self.acts}

    def all_answered(self, answer: str) -> bool:
        """Complete, and every party gave this answer."""
        return self.is_complete and all(a.answer == answer for a in self.acts)


def acting_party(
    actor: Any,
    parties: Sequence[P],
    *,
    may_act: Callable[[Any, P], bool],
    role_rule: str,
    named_party_id: int | None = None,
    field: str = "party_id",
) -> P:
    """The party the actor acts for in a joint act: always their own organisation's, never
    another's. Naming another party is refused on `field`; a person of the party without the
    role the act needs is refused with `role_rule`."""
    organisation = organisation_of(actor)
    own = next((p for p in parties if organisation and p.organisation_id == organisation.pk), None)
    if own is None:
        raise forbidden("Only a person of one of the parties can act for it.")
    if named_party_id is not None and named_party_id != own.pk:
        raise invalid(
            field,
            f"You act for {organisation}: each party acts only through its own people, so "
            "another party's act is theirs to make.",
        )
    if not may_act(actor, own):
        raise forbidden(role_rule)
    return own


def act_admitted(
    joint: JointAct,
    party_id: int,
    *,
    change: bool = False,
    field: str = "change",
    already: str = "",
) -> PartyAct | None:
    """Check that a party may act now: once, or again only as an explicit change of its own
    act, so two acts for the same party never collapse silently. Returns the act it changes.
    `already` words the refusal of a second act where the feature has its own words for it."""
    previous = joint.act_of(party_id)
    if previous is not None and not change:
        raise invalid(
            field,
            already
            or f"Your party has already acted ({previous.answer}); change its act explicitly, "
            "or leave it as it is.",
        )
    if previous is None and change:
        raise invalid(field, "Your party has not acted yet, so there is nothing to change.")
    return previous

"""The charter's rules as plain functions: quorum, voting, cadence, minutes turnaround and the
escalation ladder. Services enforce them; pages and the meeting pack show them. No queries here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import TextChoices

from concord.core.joint import JointAct, PartyAct
from concord.governance.models import (
    Abstention,
    Charter,
    CommitteeMember,
    Decision,
    Escalation,
    MatterCategory,
)

Level = Escalation.Level


@dataclass(frozen=True)
class PartyQuorum:
    """One party's voting presence at a meeting against what the charter needs."""

    party_id: int
    name: str
    present: int
    needed: int

    @property
    def met(self) -> bool:
        return self.present >= self.needed


@dataclass(frozen=True)
class Quorum:
    """Whether a meeting was quorate, and each party's part in it."""

    parties: tuple[PartyQuorum, ...]

    @property
    def met(self) -> bool:
        return bool(self.parties) and all(p.met for p in self.parties)

    @property
    def missing(self) -> list[str]:
        return [p.name for p in self.parties if not p.met]


def voting_presence(members: Iterable[CommitteeMember], present_ids: set[int]) -> int:
    """Voting seats a party filled: members present, plus alternates standing in for absent ones."""
    members = list(members)
    voting = [m for m in members if m.votes]
    alternates = [m for m in members if not m.votes and m.pk in present_ids]
    present = sum(1 for m in voting if m.pk in present_ids)
    return present + min(len(alternates), len(voting) - present)


def quorum(
    charter: Charter,
    parties: Sequence[tuple[int, str]],
    members: Iterable[CommitteeMember],
    present_ids: set[int],
) -> Quorum:
    """Quorum per the charter: at least `quorum_per_party` voting seats filled for every party."""
    members = list(members)
    return Quorum(
        tuple(
            PartyQuorum(
                party_id,
                name,
                voting_presence([m for m in members if m.party_id == party_id], present_ids),
                charter.quorum_per_party,
            )
            for party_id, name in parties
        )
    )


def outcome(
    votes: dict[int, str],
    party_ids: Iterable[int],
    unanimous: bool,
    abstention: str = Abstention.NOT_ALLOWED,
) -> str:
    """The outcome of a decision, a joint act: pending until every party has voted. Under
    unanimity all for is agreed, all against is rejected (a decision, not a deadlock), and
    parties that differ are deadlocked; without it a majority of parties decides either way.
    An abstention counts as against where the charter says it blocks, and otherwise leaves the
    decision to the parties that voted; if none did, nothing was agreed."""
    joint = JointAct.of(party_ids, (PartyAct(pk, vote) for pk, vote in votes.items()))
    if not joint.is_complete:
        return Decision.Outcome.PENDING
    cast = list(joint.answers.values())
    if abstention == Abstention.BLOCKS:
        cast = ["against" if vote == "abstain" else vote for vote in cast]
    cast = [vote for vote in cast if vote != "abstain"]
    ayes, nays = cast.count("for"), cast.count("against")
    if not cast or (nays == len(cast) if unanimous else nays > ayes):
        return Decision.Outcome.REJECTED
    if ayes == len(cast) if unanimous else ayes > nays:
        return Decision.Outcome.AGREED
    return Decision.Outcome.DEADLOCKED


def next_meeting_due(
    charter: Charter, effective_date: datetime.date, last_held: datetime.date | None
) -> datetime.date:
    """When the committee must next meet: within N days of the effective date, then per cadence."""
    if last_held is None:
        return effective_date + datetime.timedelta(days=charter.first_meeting_days)
    return last_held + datetime.timedelta(days=charter.cadence_days)


def minutes_due(charter: Charter, meeting_day: datetime.date) -> datetime.date:
    """The day by which the draft minutes must be circulated."""
    return meeting_day + datetime.timedelta(days=charter.minutes_draft_days)


class MinutesTurnaround(TextChoices):
    """Where a meeting's draft minutes stand against the charter's turnaround."""

    DUE = "due", "Not yet due"
    ON_TIME = "on_time", "Circulated on time"
    LATE = "late", "Circulated late"
    OVERDUE = "overdue", "Overdue"


def minutes_turnaround(
    due: datetime.date, circulated: datetime.date | None, today: datetime.date
) -> str:
    """ "on_time", "late" (circulated after the due day), "overdue" (still not out) or "due"."""
    if circulated is not None:
        return MinutesTurnaround.ON_TIME if circulated <= due else MinutesTurnaround.LATE
    return MinutesTurnaround.OVERDUE if today > due else MinutesTurnaround.DUE


def expected_entry(*, deadlocked_decision: bool, discussed_by_committee: bool) -> str:
    """The level where the agreed path lets a matter enter the ladder.

    A fresh matter starts with the working team; one the committee has already had on its agenda
    may go to the committee; a committee deadlock goes to the executives, as the charter says.
    """
    if deadlocked_decision:
        return Level.EXECUTIVES
    return Level.COMMITTEE if discussed_by_committee else Level.TEAM


def end_run_reason(level: str, expected: str) -> str:
    """Why raising at `level` skips the agreed path, or "" if it does not."""
    if level == Level.OUTSIDE:
        return "Taken to someone outside the agreed escalation ladder."
    order: list[str] = [
        Level.TEAM,
        Level.COMMITTEE,
        Level.EXECUTIVES,
        Level.FINAL_SAY,
        Level.DISPUTE,
    ]
    if order.index(level) > order.index(expected):
        skipped = [
            Level(step).label.lower() for step in order[order.index(expected) : order.index(level)]
        ]
        levels = " and ".join(skipped) + (" levels" if len(skipped) > 1 else " level")
        return f"Raised at {Level(level).label.lower()}, skipping the {levels}."
    return ""


def carve_out(
    charter: Charter,
    *,
    category: str,
    disputed_category: str = "",
    budget_change: Decimal | None = None,
    currency: str = "",
) -> str:
    """The charter's carve-out rule a matter falls under, said in words, or "" if none does.

    A category the charter lists is a carve-out, and so is a disputed category that either
    party's reading makes one (the protective reading, since a carve-out only takes the matter
    away from one party's final say). A budget change (up or down) above the charter's threshold
    is a carve-out whatever the category; one in another currency cannot be compared without a
    conversion nobody agreed, so it counts as one too."""
    for reading in (category, disputed_category):
        if reading and reading in charter.carve_out_categories:
            label = MatterCategory(reading).label
            return label if reading == category else f"{label}, as one party reads it"
    limit, limit_currency = charter.budget_carve_out_above, charter.budget_carve_out_currency
    if budget_change is None or limit is None:
        return ""
    if currency != limit_currency:
        return f"Budget change in {currency or 'no currency'}, against a {limit_currency} threshold"
    if abs(budget_change) > limit:
        return f"Budget change above {limit_currency} {limit:,.2f}"
    return ""


def next_level(level: str, *, carve_out: bool, final_say: bool) -> str | None:
    """The rung above: after the executives, the party with final say decides, except on
    carve-out topics (or where no party has final say), which go to dispute resolution."""
    if level == Level.TEAM:
        return Level.COMMITTEE
    if level == Level.COMMITTEE:
        return Level.EXECUTIVES
    if level == Level.OUTSIDE:
        return Level.EXECUTIVES  # brought back onto the agreed path
    if level == Level.EXECUTIVES:
        return Level.DISPUTE if carve_out or not final_say else Level.FINAL_SAY
    return None


def due_at(charter: Charter, level: str, since: datetime.datetime) -> datetime.datetime | None:
    """When the level's time limit runs out, if it has one."""
    days = charter.days_for(level)
    return None if days is None else since + datetime.timedelta(days=days)


def parity_gaps(seats: dict[str, int]) -> bool:
    """Whether the parties hold different numbers of voting seats."""
    return len(set(seats.values())) > 1

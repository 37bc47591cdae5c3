"""Reads of rounds and invitations, and of one round's results as the threshold allows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.core.tokens import hash_secret
from concord.health.models import (
    GAP_FLAG,
    Comment,
    DimensionTally,
    EarlyWarning,
    Respondent,
    Round,
    RoundParty,
)
from concord.health.selectors._common import PartyResult, _order_parties


def round_get(*, user: Any, pk: int) -> Round:
    """One round of an alliance the user's organisation has joined."""
    return (
        Round.objects.visible_to(user).select_related("alliance", "version__instrument").get(pk=pk)
    )


def round_list(*, user: Any, alliance: Alliance, kind: str = "") -> QuerySet[Round]:
    """An alliance's rounds, newest first, with each party's response count."""
    parties = RoundParty.objects.visible_to(user).select_related("organisation")
    rounds = Round.objects.visible_to(user).filter(alliance=alliance)
    if kind:
        rounds = rounds.filter(kind=kind)
    return rounds.select_related("version").prefetch_related(Prefetch("parties", queryset=parties))


def respondent_for(*, user: Any, round_: Round) -> Respondent | None:
    """The user's own invitation to a round, if they were invited."""
    return (
        Respondent.objects.visible_to(user)
        .filter(round=round_)
        .select_related("round__alliance")
        .first()
    )


def respondent_for_token(token: str) -> Respondent | None:
    """The invitation a personal link stands for; the token is the credential, for that one
    round and person only."""
    if not token or len(token) > 100:
        return None
    hashed = hash_secret(token)
    return (
        Respondent.objects.unscoped()
        .select_related("round__alliance", "round__version", "round_party__organisation", "user")
        .filter(Q(token_hash=hashed) | Q(reminder_token_hash=hashed))
        .first()
    )


def invitations_waiting(*, user: Any) -> list[Respondent]:
    """Open rounds the user was asked to answer and has not yet."""
    return list(
        Respondent.objects.visible_to(user)
        .filter(has_answered=False, round__status=Round.Status.OPEN)
        .filter(round__closes_at__gt=clock.now())
        .select_related("round__alliance")
        .order_by("round__closes_at")
    )


@dataclass
class DimensionRow:
    """One dimension across the parties, with the perception gap between those shown."""

    key: str
    name: str
    scores: list[Decimal | None]

    @property
    def gap(self) -> Decimal | None:
        shown = [s for s in self.scores if s is not None]
        return max(shown) - min(shown) if len(shown) >= 2 else None

    @property
    def flagged(self) -> bool:
        return self.gap is not None and self.gap >= GAP_FLAG


@dataclass(frozen=True)
class CommentView:
    """A comment as pages show it: its text and party, never its author or when."""

    text: str
    organisation: str
    internal: bool


@dataclass
class RoundResults:
    """What a round's results page shows; `published` is False until the round closes."""

    round: Round
    parties: list[PartyResult]
    dimensions: list[DimensionRow]
    comments: list[CommentView]
    warnings: list[EarlyWarning]

    @property
    def published(self) -> bool:
        return not self.round.is_open

    @property
    def k(self) -> int:
        return self.round.min_respondents

    @property
    def flagged(self) -> list[DimensionRow]:
        return [d for d in self.dimensions if d.flagged]

    @property
    def shown_parties(self) -> list[PartyResult]:
        return [p for p in self.parties if p.shown]


def _party_result(tally: RoundParty, own_org: int | None, k: int, published: bool) -> PartyResult:
    shown = published and tally.responded >= k
    return PartyResult(
        party_id=tally.party_id,
        organisation_id=tally.organisation_id,
        name=tally.organisation.name,
        is_own=tally.organisation_id == own_org,
        invited=tally.invited,
        responded=tally.responded,
        shown=shown,
        overall=tally.overall if shown else None,
    )


def round_party_tallies(*, user: Any, rounds: list[Round]) -> dict[int, list[RoundParty]]:
    """The party tallies of several rounds as the user may see them, by round id, in one query."""
    found: dict[int, list[RoundParty]] = defaultdict(list)
    if not rounds:
        return found
    tallies = RoundParty.objects.visible_to(user).filter(round__in=rounds)
    for tally in tallies.select_related("organisation"):
        found[tally.round_id].append(tally)
    return found


def round_results(
    *,
    user: Any,
    round_: Round,
    parties_only: bool = False,
    summary: bool = False,
    tallies: list[RoundParty] | None = None,
) -> RoundResults:
    """A round's aggregate results as the user may see them; a constant handful of queries.
    `parties_only` reads each party's overall score alone (one query), for a summary;
    `summary` the parties and dimensions without comments and warnings, for a panel; `tallies`
    are the round's party tallies when already read (round_party_tallies)."""
    own = getattr(organisation_of(user), "pk", None)
    published, k = not round_.is_open, round_.min_respondents
    if tallies is None:
        tallies = round_party_tallies(user=user, rounds=[round_])[round_.pk]
    parties = _order_parties([_party_result(t, own, k, published) for t in tallies])
    if parties_only:
        return RoundResults(round=round_, parties=parties, dimensions=[], comments=[], warnings=[])
    shown = {p.party_id: p for p in parties if p.shown}
    dimension_rows = (
        DimensionTally.objects.visible_to(user)
        .filter(round_party__round=round_)
        .select_related("dimension", "round_party")
        .order_by("dimension__position", "dimension__pk")
    )
    names: dict[str, str] = {}
    for tally in dimension_rows:
        names.setdefault(tally.dimension.key, tally.dimension.name)
        holder = shown.get(tally.round_party.party_id)
        if holder is not None and tally.score is not None:
            holder.scores[tally.dimension.key] = tally.score
    dimensions = [
        DimensionRow(key, name, [p.scores.get(key) if p.shown else None for p in parties])
        for key, name in names.items()
    ]
    if summary:
        return RoundResults(
            round=round_, parties=parties, dimensions=dimensions, comments=[], warnings=[]
        )
    return RoundResults(
        round=round_,
        parties=parties,
        dimensions=dimensions,
        comments=_comments(user, round_, set(shown)),
        warnings=list(
            EarlyWarning.objects.visible_to(user)
            .filter(round=round_)
            .select_related("round_party__organisation")
        )
        if published
        else [],
    )


def _comments(user: Any, round_: Round, shown_parties: set[int]) -> list[CommentView]:
    """Comments of the shown parties only, internal ones only for their own organisation, in the
    random order drawn when each was written (never the order they came in)."""
    if not shown_parties:
        return []
    comments = (
        Comment.objects.visible_to(user)
        .filter(round_party__round=round_, round_party__party_id__in=shown_parties)
        .select_related("organisation")
        .order_by("shuffle", "pk")
    )
    return [CommentView(c.text, c.organisation.name, c.is_internal) for c in comments]

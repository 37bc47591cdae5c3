"""Early warnings: a party's score that fell, raised as a round closes and told to both sides."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F

from concord.core.audit import audit_record
from concord.core.signals import early_warning
from concord.health.models import (
    DROP_WARNING,
    LOW_WARNING,
    DimensionTally,
    EarlyWarning,
    Round,
    RoundParty,
)


@dataclass(frozen=True)
class Reading:
    """One party's score on one dimension in one round, when enough people answered to show it."""

    key: str
    name: str
    score: Decimal


def _shown_scores(tally: RoundParty, k: int) -> dict[str, Reading]:
    """A party's dimension scores, only if at least k of its people answered."""
    if tally.responded < k:
        return {}
    rows = DimensionTally.objects.unscoped().filter(round_party=tally).select_related("dimension")
    return {
        t.dimension.key: Reading(t.dimension.key, t.dimension.name, t.score)
        for t in rows
        if t.score is not None
    }


def _previous_scores(round_: Round, tally: RoundParty) -> dict[str, Decimal]:
    """The party's latest earlier shown score per dimension, from rounds of the same wording."""
    earlier = (
        RoundParty.objects.unscoped()
        .filter(
            party=tally.party_id,
            round__alliance=round_.alliance_id,
            round__kind=round_.kind,
            round__version=round_.version_id,
            round__status=Round.Status.CLOSED,
            round__opens_at__lt=round_.opens_at,
            responded__gte=F("round__min_respondents"),
        )
        .order_by("-round__opens_at")
        .first()
    )
    if earlier is None:
        return {}
    return {key: reading.score for key, reading in _shown_scores(earlier, 0).items()}


def warning_for(score: Decimal, previous: Decimal | None) -> tuple[str, str] | None:
    """The rule: a fall of 0.5 or more since the last round, or falling below 3.0.

    "Falling" below 3.0 means crossing it: a score that stays low does not warn again each month
    (a further fall of 0.5 still does). Returns (reason, severity) or None.
    """
    dropped = previous is not None and previous - score >= DROP_WARNING
    fell_low = score < LOW_WARNING and (previous is None or previous >= LOW_WARNING)
    if not (dropped or fell_low):
        return None
    reason = "both" if dropped and fell_low else "drop" if dropped else "low"
    fall = (previous - score) if previous is not None else Decimal(0)
    if score < Decimal("2.5") or fall >= Decimal("1.0"):
        severity = "high"
    elif score < LOW_WARNING or fall >= Decimal("0.75"):
        severity = "medium"
    else:
        severity = "low"
    return reason, severity


def _warnings_raise(round_: Round, parties: list[RoundParty]) -> list[EarlyWarning]:
    """Early warnings for every shown dimension of every party, told to governance and managers."""
    raised = []
    for tally in parties:
        previous = _previous_scores(round_, tally)
        for key, reading in _shown_scores(tally, round_.min_respondents).items():
            verdict = warning_for(reading.score, previous.get(key))
            if verdict is None:
                continue
            warning = EarlyWarning.objects.create(
                round=round_,
                round_party=tally,
                dimension_key=key,
                dimension_name=reading.name,
                score=reading.score,
                previous=previous.get(key),
                reason=verdict[0],
                severity=verdict[1],
            )
            _warning_announce(round_, tally, warning)
            raised.append(warning)
    return raised


def warning_sentence(warning: EarlyWarning, organisation: str) -> str:
    """The warning in plain words, as both parties read it."""
    text = f"{warning.dimension_name} as {organisation} sees it is at {warning.score}"
    if warning.previous is not None:
        text += f", down from {warning.previous} in the previous round"
    return text + "."


def _warning_announce(round_: Round, tally: RoundParty, warning: EarlyWarning) -> None:
    organisation = tally.organisation.name
    title = f"Early warning: {warning.dimension_name.lower()} ({organisation}) in {round_.alliance.name}"
    body = (
        f"{warning_sentence(warning, organisation)} Measured in “{round_.title}”, which "
        f"{tally.responded} of {tally.invited} people of {organisation} answered. "
        "Talk it through at the next committee meeting before it becomes a dispute."
    )
    audit_record(
        actor=None,
        action="health.early_warning",
        obj=warning,
        alliance=round_.alliance,
        summary=title,
        after={"score": str(warning.score), "previous": str(warning.previous or "")},
    )
    early_warning.send(
        sender=EarlyWarning,
        alliance=round_.alliance,
        title=title[:200],
        body=body,
        severity=warning.severity,
        source=round_,
    )

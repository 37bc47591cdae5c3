"""Answering a round: one invited person's scores and comments, added to anonymous tallies."""

from __future__ import annotations

import secrets
from collections import defaultdict

from django.db import transaction
from django.db.models import F, IntegerField
from django.db.models.expressions import RawSQL

from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import PRIVATE, SHARED
from concord.health.models import (
    SCALE,
    Comment,
    DimensionTally,
    Respondent,
    Round,
    RoundParty,
    Statement,
)

MAX_COMMENT = 2000


@transaction.atomic
def response_submit(
    *,
    respondent: Respondent,
    scores: dict[int, int],
    comment: str = "",
    internal_comment: str = "",
) -> None:
    """Add one invited person's answers to their party's anonymous tallies, once.

    Only sums and counts are kept; the invitation is marked answered in the same transaction, so
    the answers cannot be tied back to it. Comments keep their party and nothing else.
    """
    respondent = (
        Respondent.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("round__alliance", "round_party__organisation", "user__membership")
        .get(pk=respondent.pk)
    )
    round_, tally = respondent.round, respondent.round_party
    _check_can_answer(respondent)
    statements = list(
        Statement.objects.unscoped()
        .filter(dimension__version=round_.version_id)
        .values_list("pk", "dimension_id")
    )
    by_dimension = _checked_scores(statements, scores)
    comments = _checked_comments(comment, internal_comment)
    _tallies_add(tally, by_dimension)
    answered = sum(len(g) for g in by_dimension.values())
    RoundParty.objects.unscoped().filter(pk=tally.pk).update(
        responded=F("responded") + 1,
        answers=F("answers") + answered,
        score_sum=F("score_sum") + sum(sum(g) for g in by_dimension.values()),
    )
    for text, visibility in comments:
        Comment.objects.create(
            round_party=tally,
            organisation_id=tally.organisation_id,
            text=text,
            visibility=visibility,
            shuffle=secrets.randbelow(2**31),
        )
    respondent.has_answered = True
    respondent.save(update_fields=["has_answered"])
    _audit_answer(round_, tally)


def _tallies_add(tally: RoundParty, by_dimension: dict[int, list[int]]) -> None:
    """Add the scores to every dimension's count and sum in one UPDATE.

    Each added value is a CASE on the dimension, its numbers bound as parameters: built from a
    When per dimension, the ORM took ten times longer to compile the statement than the
    database took to run it, on every answer.
    """

    def per_dimension(values: dict[int, int]) -> RawSQL:
        whens = " ".join("WHEN %s THEN %s" for _ in values)
        numbers = [number for pair in values.items() for number in pair]
        sql = f"CASE dimension_id {whens} ELSE 0 END"
        return RawSQL(sql, numbers, IntegerField())  # noqa: S611 - fixed SQL, numbers bound

    counts = {d: len(given) for d, given in by_dimension.items()}
    sums = {d: sum(given) for d, given in by_dimension.items()}
    DimensionTally.objects.unscoped().filter(round_party=tally).update(
        answers=F("answers") + per_dimension(counts),
        score_sum=F("score_sum") + per_dimension(sums),
    )


def _check_can_answer(respondent: Respondent) -> None:
    round_ = respondent.round
    membership = getattr(respondent.user, "membership", None)
    if not respondent.user.is_active or membership is None or not membership.is_active:
        raise forbidden("This invitation belongs to someone who is no longer a member.")
    if respondent.has_answered:
        raise invalid("round", "You have already answered this round; answers cannot be changed.")
    if not round_.accepts_answers:
        raise invalid("round", "This round has closed.")


def _checked_scores(
    statements: list[tuple[int, int]], scores: dict[int, int]
) -> dict[int, list[int]]:
    """Every statement (id, dimension id) answered once, on the scale; scores by dimension."""
    if set(scores) - {pk for pk, _ in statements}:
        raise invalid("scores", "Some answers are for statements not in this round.")
    low, high = SCALE
    by_dimension: dict[int, list[int]] = defaultdict(list)
    for pk, dimension_id in statements:
        score = scores.get(pk)
        if score is None:
            raise invalid("scores", f"Answer every statement (statement {pk} is missing).")
        if isinstance(score, bool) or not isinstance(score, int) or not low <= score <= high:
            raise invalid("scores", f"Choose a score from {low} to {high} for every statement.")
        by_dimension[dimension_id].append(score)
    return by_dimension


def _checked_comments(shared: str, internal: str) -> list[tuple[str, str]]:
    comments = []
    for field, text, visibility in (
        ("comment", shared, SHARED),
        ("internal_comment", internal, PRIVATE),
    ):
        text = (text or "").strip()
        if len(text) > MAX_COMMENT:
            raise invalid(field, f"Keep comments under {MAX_COMMENT} characters.")
        if "\x00" in text:
            raise invalid(field, "The comment contains characters that cannot be stored.")
        if text:
            comments.append((text, visibility))
    return comments


def _audit_answer(round_: Round, tally: RoundParty) -> None:
    # No actor and no alliance: the trail records that the organisation's tally changed, never
    # who answered, and the event stays out of the alliance's shared activity feed.
    audit_record(
        actor=None,
        action="health.response_received",
        obj=round_,
        organisation=tally.organisation,
        summary=f"An anonymous answer to “{round_.title}” of {round_.alliance.name} was counted",
        visibility=PRIVATE,
    )

"""Reminding the people who have not answered, and closing rounds when their time is up."""

from __future__ import annotations

from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.tokens import new_secret
from concord.health import emails
from concord.health.models import Respondent, Round, RoundParty
from concord.health.services.early_warnings import _warnings_raise


def reminders_send() -> int:
    """Remind, once, the people who have not answered a round past 60% of its time."""
    now = clock.now()
    due = [
        r.pk
        for r in Round.objects.unscoped().filter(status=Round.Status.OPEN, reminded_at=None)
        if r.opens_at + (r.closes_at - r.opens_at) * 0.6 <= now < r.closes_at
    ]
    return sum(_round_remind(pk) for pk in due)


@transaction.atomic
def _round_remind(round_pk: int) -> int:
    # Locked and re-read so two sweeps at once remind once.
    round_ = (
        Round.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=round_pk)
    )
    if round_.reminded_at is not None or not round_.is_open:
        return 0
    round_.reminded_at = clock.now()
    round_.save(update_fields=["reminded_at"])
    waiting = Respondent.objects.unscoped().filter(
        round=round_, has_answered=False, reminded_at=None, user__is_active=True
    )
    count = 0
    for respondent in waiting.select_related("user"):
        token, token_hash = new_secret()
        respondent.reminder_token_hash, respondent.reminded_at = token_hash, round_.reminded_at
        respondent.save(update_fields=["reminder_token_hash", "reminded_at"])
        emails.send_round_reminder(respondent, token)
        count += 1
    audit_record(
        actor=None,
        action="health.round_reminded",
        obj=round_,
        alliance=round_.alliance,
        summary=f"Reminded {count} people who have not yet answered “{round_.title}”",
    )
    return 1


def rounds_close_due() -> tuple[int, int]:
    """Close every open round whose date has come; returns (rounds closed, warnings raised)."""
    due = Round.objects.unscoped().filter(status=Round.Status.OPEN, closes_at__lte=clock.now())
    closed = warnings = 0
    for pk in list(due.values_list("pk", flat=True)):
        raised = round_close(round_pk=pk)
        if raised is not None:
            closed, warnings = closed + 1, warnings + raised
    return closed, warnings


@transaction.atomic
def round_close(*, round_pk: int) -> int | None:
    """Close a round: its results become visible and early warnings are raised; None if closed."""
    round_ = (
        Round.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=round_pk)
    )
    if not round_.is_open:
        return None
    round_.status, round_.closed_at = Round.Status.CLOSED, clock.now()
    round_.save(update_fields=["status", "closed_at"])
    parties = list(
        RoundParty.objects.unscoped().filter(round=round_).select_related("organisation")
    )
    rates = "; ".join(f"{p.organisation.name} {p.responded} of {p.invited}" for p in parties)
    audit_record(
        actor=None,
        action="health.round_closed",
        obj=round_,
        alliance=round_.alliance,
        summary=f"{round_.title} closed. Answered: {rates or 'nobody was invited'}",
        after={"responded": {p.organisation.name: p.responded for p in parties}},
    )
    warnings = _warnings_raise(round_, parties)
    if warnings:
        emails.send_early_warnings(round_, warnings)
    return len(warnings)

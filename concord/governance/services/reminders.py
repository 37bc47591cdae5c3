"""The sweep's part: reminders of escalation deadlines and overdue actions, and expiry."""

from __future__ import annotations

import datetime

from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.governance import emails
from concord.governance.models import (
    ActionItem,
    Escalation,
)
from concord.governance.services.escalations import _move, _next

REMIND_BEFORE = datetime.timedelta(days=3)


ACTION_REMINDER_INTERVAL = datetime.timedelta(days=7)


def escalation_reminders_send() -> tuple[int, int]:
    """Expired levels move up (with a notice); levels about to expire get one reminder.
    Idempotent: each level is reminded once before and once at expiry."""
    now = clock.now()
    open_ones = Escalation.objects.unscoped().filter(
        status=Escalation.Status.OPEN, level_due_at__isnull=False
    )
    expired = list(
        open_ones.filter(level_due_at__lte=now, reminded_expiry_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    moved = sum(_expire(pk, now) for pk in expired)
    soon = list(
        open_ones.filter(
            level_due_at__gt=now,
            level_due_at__lte=now + REMIND_BEFORE,
            reminded_before_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    return sum(_remind(pk, now) for pk in soon), moved


@transaction.atomic
def _remind(pk: int, now: datetime.datetime) -> bool:
    # Re-read under a lock so two sweeps running at once send one reminder, not two.
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=pk)
    if not escalation.is_open or escalation.reminded_before_at is not None:
        return False
    escalation.reminded_before_at = now
    escalation.save(update_fields=["reminded_before_at"])
    emails.send_escalation_reminder(escalation, expired=False)
    audit_record(
        actor=None,
        action="escalation.reminded",
        obj=escalation,
        alliance=escalation.alliance,
        summary=f"Reminded: the {escalation.get_level_display().lower()} level of “{escalation.title}” ends soon",
    )
    return True


@transaction.atomic
def _expire(pk: int, now: datetime.datetime) -> bool:
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=pk)
    if not escalation.is_open or escalation.reminded_expiry_at is not None:
        return False
    escalation.reminded_expiry_at = now
    escalation.save(update_fields=["reminded_expiry_at"])
    emails.send_escalation_reminder(escalation, expired=True)
    level = _next(escalation)
    if level is not None:
        label = escalation.get_level_display().lower()
        _move(escalation, level, None, f"The {label} level's time limit ran out")
    return True


def action_reminders_send() -> int:
    """Remind the owners of overdue actions, once per overdue week."""
    today = clock.today()
    cutoff = clock.now() - ACTION_REMINDER_INTERVAL
    due = (
        ActionItem.objects.unscoped()
        .filter(status=ActionItem.Status.OPEN, due_on__lt=today)
        .exclude(reminded_at__gt=cutoff)
        .values_list("pk", flat=True)
    )
    return sum(_action_remind(pk, cutoff) for pk in list(due))


@transaction.atomic
def _action_remind(pk: int, cutoff: datetime.datetime) -> bool:
    action = (
        ActionItem.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=pk)
    )
    if not action.is_overdue or (action.reminded_at and action.reminded_at > cutoff):
        return False
    action.reminded_at = clock.now()
    action.save(update_fields=["reminded_at"])
    emails.send_action_overdue(action)
    audit_record(
        actor=None,
        action="action.reminded",
        obj=action,
        alliance=action.alliance,
        summary=f"Reminded {action.owner} that “{action.title}” was due {action.due_on:%-d %b %Y}",
    )
    return True

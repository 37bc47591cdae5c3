"""The sweep: reminders of commitments due soon and overdue."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F

from concord.core import clock
from concord.core.audit import audit_record
from concord.expectations import emails
from concord.expectations.models import (
    DUE_SOON_DAYS,
    Commitment,
)


def commitment_reminders_send() -> tuple[int, int]:
    """Remind owners of commitments due soon, and both sides of overdue ones: once per due date."""
    now = clock.now()
    owed = Commitment.objects.unscoped().filter(state__in=Commitment.OPEN_STATES, in_dispute=False)
    soon = owed.filter(due_at__gt=now, due_at__lte=now + datetime.timedelta(days=DUE_SOON_DAYS))
    soon_ids = soon.exclude(due_soon_reminded_for=F("due_date")).values_list("pk", flat=True)
    late = owed.filter(due_at__lte=now)
    late_ids = late.exclude(overdue_reminded_for=F("due_date")).values_list("pk", flat=True)
    sent_soon = sum(_remind(pk, overdue=False) for pk in list(soon_ids))
    sent_late = sum(_remind(pk, overdue=True) for pk in list(late_ids))
    return sent_soon, sent_late


@transaction.atomic
def _remind(pk: int, *, overdue: bool) -> bool:
    # Re-read under a lock so two sweeps running at once send one reminder, not two.
    commitment = (
        Commitment.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "owner_party__organisation", "receiving_party__organisation")
        .get(pk=pk)
    )
    field = "overdue_reminded_for" if overdue else "due_soon_reminded_for"
    if not commitment.is_open or getattr(commitment, field) == commitment.due_date:
        return False
    setattr(commitment, field, commitment.due_date)
    commitment.save(update_fields=[field])
    if overdue:
        emails.send_commitment_overdue(commitment)
    else:
        emails.send_commitment_due_soon(commitment)
    audit_record(
        actor=None,
        action="commitment.reminded",
        obj=commitment,
        alliance=commitment.alliance,
        summary=f"Reminded {commitment.owner_party.organisation} that “{commitment.title}” is "
        + ("overdue" if overdue else f"due on {commitment.due_date:%d %b %Y}"),
    )
    return True

"""A commitment's status as of the moment of reading, computed in the query from its due date."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Case,
    CharField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from concord.core import clock
from concord.expectations.models import (
    DUE_SOON_DAYS,
    Commitment,
    Status,
)

State = Commitment.State
STATUS_ORDER = [
    Status.OVERDUE,
    Status.IN_DISPUTE,
    Status.DELIVERED,
    Status.REJECTED,
    Status.DUE_SOON,
    Status.PENDING,
    Status.ACCEPTED,
    Status.WAIVED,
]


def status_case(now: datetime.datetime) -> Case:
    """The status as of `now`, in SQL; the order of the branches is the precedence."""
    owed = Q(state__in=Commitment.OPEN_STATES)
    return Case(
        When(in_dispute=True, then=Value(Status.IN_DISPUTE)),
        When(state=State.WAIVED, then=Value(Status.WAIVED)),
        When(state=State.ACCEPTED, then=Value(Status.ACCEPTED)),
        When(state=State.DELIVERED, then=Value(Status.DELIVERED)),
        When(owed & Q(due_at__lte=now), then=Value(Status.OVERDUE)),
        When(state=State.REJECTED, then=Value(Status.REJECTED)),
        When(due_at__lte=now + datetime.timedelta(days=DUE_SOON_DAYS), then=Value(Status.DUE_SOON)),
        default=Value(Status.PENDING),
        output_field=CharField(),
    )


def with_status(commitments: QuerySet[Commitment], now: datetime.datetime | None = None) -> Any:
    """Annotate each commitment with `status` (see Status) and `status_rank` for sorting."""
    now = now or clock.now()
    rank = Case(
        *[When(status=value, then=Value(i)) for i, value in enumerate(STATUS_ORDER)],
        output_field=IntegerField(),
    )
    return commitments.annotate(status=status_case(now)).annotate(status_rank=rank)


def status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value

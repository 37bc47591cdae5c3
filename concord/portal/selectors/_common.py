"""What the portal's reads share: the reviews' averages, the not-invented-here check, time in SQL."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    Func,
    Q,
    Value,
    When,
)

from concord.portal.models import (
    Portal,
    Review,
    Submission,
)


def _track_averages(reviews: list[Review]) -> tuple[Decimal | None, Decimal | None]:
    by_track: dict[str, list[Decimal]] = defaultdict(list)
    for review in reviews:
        by_track[review.track].append(review.weighted_score)

    def mean(values: list[Decimal]) -> Decimal | None:
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None

    return mean(by_track[Review.Track.BD]), mean(by_track[Review.Track.RND])


def is_not_invented_here(
    submission: Submission, portal: Portal, bd: Decimal | None, rnd: Decimal | None
) -> bool:
    """R&D scored an external submission well below business development."""
    if submission.is_internal or bd is None or rnd is None:
        return False
    return bd - rnd >= portal.nih_threshold


class EpochSeconds(Func):
    """A datetime as whole seconds since 1970, exactly (its fraction dropped)."""

    output_field = BigIntegerField()
    template = "FLOOR(EXTRACT(EPOCH FROM %(expressions)s))::bigint"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps datetimes as text. strftime would round a fraction to the millisecond
        # (23:59:58.9999996 becoming 23:59:59), so it reads the text without its fraction.
        template = "CAST(strftime('%%%%s', substr(%(expressions)s, 1, 19)) AS INTEGER)"
        return super().as_sql(compiler, connection, template=template)


class Microseconds(Func):
    """The fraction of a datetime's second, in microseconds."""

    output_field = BigIntegerField()
    template = "(EXTRACT(MICROSECONDS FROM %(expressions)s)::bigint %%%% 1000000)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Stored as 'YYYY-MM-DD HH:MM:SS[.ffffff]': the six digits after the dot, or none.
        return super().as_sql(
            compiler, connection, template="CAST(substr(%(expressions)s, 21, 6) AS INTEGER)"
        )


def pause_running(now: datetime.datetime) -> Case:
    """The seconds a pause still running at `now` has lasted, in SQL, counted in whole seconds as
    clock.paused_for truncates them (0 when not paused). Reads `_pause_us`, the pause start's
    microseconds (Microseconds("paused_since")), which the query must alias or annotate."""
    now_s, now_us = int(now.timestamp() // 1), now.microsecond
    return Case(
        When(paused_since__isnull=True, then=Value(0)),
        default=Value(now_s)
        - EpochSeconds("paused_since")
        - Case(When(Q(_pause_us__gt=now_us), then=Value(1)), default=Value(0)),
        output_field=BigIntegerField(),
    )

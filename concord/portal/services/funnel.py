"""The funnel's kept counts: one row per month, therapeutic area and source, refreshed by the
services in the transaction that changes one of its submissions (see selectors/funnel.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from concord.portal.models import DealStage, FunnelMonth, Submission

ADVANCED = (Submission.Status.CDA, Submission.Status.TERM_SHEET)
CDA_DONE = (DealStage.CDA_SIGNED, DealStage.EVALUATION, DealStage.TERM_SHEET, DealStage.DEAL_SIGNED)
TERMS_DONE = (DealStage.TERM_SHEET, DealStage.DEAL_SIGNED)
STAGE_COUNTS: dict[str, Any] = {
    "received": Count("pk"),
    "triaged": Count(
        "pk", filter=~Q(status=Submission.Status.RECEIVED) | Q(first_response_at__isnull=False)
    ),
    "advanced": Count("pk", filter=Q(status__in=ADVANCED)),
    "cda": Count("pk", filter=Q(deal_stage__in=CDA_DONE)),
    "term_sheet": Count("pk", filter=Q(deal_stage__in=TERMS_DONE)),
    "deal": Count("pk", filter=Q(deal_stage=DealStage.DEAL_SIGNED)),
}


def month_bounds(moment: datetime.datetime) -> tuple[str, datetime.datetime, datetime.datetime]:
    """The UTC month holding `moment`: its key ("YYYY-MM"), first instant and the next month's."""
    utc = moment.astimezone(datetime.UTC)
    start = datetime.datetime(utc.year, utc.month, 1, tzinfo=datetime.UTC)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return f"{start:%Y-%m}", start, following


def _group(organisation_id: int, start: datetime.datetime, end: datetime.datetime) -> QuerySet[Any]:
    return Submission.objects.unscoped().filter(
        organisation_id=organisation_id,
        is_internal=False,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )


def funnel_kept_refresh(submission: Submission) -> None:
    """Count the submission's group again, under the group row's lock (taken after the
    submission's and before the day's statistics row: see "Row locks and their order")."""
    if submission.is_internal:
        return
    month, start, end = month_bounds(submission.submitted_at)
    key = {
        "organisation_id": submission.organisation_id,
        "month": month,
        "therapeutic_area": submission.therapeutic_area,
        "from_request": submission.request_id is not None,
    }
    FunnelMonth.objects.unscoped().bulk_create([FunnelMonth(**key)], ignore_conflicts=True)
    row = FunnelMonth.objects.unscoped().select_for_update(of=("self",)).get(**key)
    counts = (
        _group(submission.organisation_id, start, end)
        .filter(
            therapeutic_area=submission.therapeutic_area,
            request__isnull=submission.request_id is None,
        )
        .aggregate(**STAGE_COUNTS)
    )
    for name, value in counts.items():
        setattr(row, name, value)
    row.save(update_fields=list(STAGE_COUNTS))


def funnel_rebuild(organisation_id: int) -> int:
    """Count every group of a portal again (data written around the services); returns rows."""
    rows = (
        Submission.objects.unscoped()
        .filter(organisation_id=organisation_id, is_internal=False)
        .order_by()
        .values("submitted_at", "therapeutic_area", "request_id", *_FLAGS)
    )
    groups: dict[tuple[str, str, bool], dict[str, int]] = {}
    for row in rows.iterator(chunk_size=5000):
        key = (
            month_bounds(row["submitted_at"])[0],
            row["therapeutic_area"],
            row["request_id"] is not None,
        )
        counts = groups.setdefault(key, dict.fromkeys(STAGE_COUNTS, 0))
        for name, reached in _reached(row).items():
            counts[name] += reached
    FunnelMonth.objects.unscoped().filter(organisation_id=organisation_id).delete()
    FunnelMonth.objects.unscoped().bulk_create(
        [
            FunnelMonth(
                organisation_id=organisation_id,
                month=month,
                therapeutic_area=area,
                from_request=from_request,
                **counts,
            )
            for (month, area, from_request), counts in groups.items()
        ],
        batch_size=500,
    )
    return len(groups)


_FLAGS = ("status", "first_response_at", "deal_stage")


def _reached(row: dict[str, Any]) -> dict[str, int]:
    """STAGE_COUNTS for one submission, in Python (for the rebuild)."""
    return {
        "received": 1,
        "triaged": int(
            row["status"] != Submission.Status.RECEIVED or row["first_response_at"] is not None
        ),
        "advanced": int(row["status"] in ADVANCED),
        "cda": int(row["deal_stage"] in CDA_DONE),
        "term_sheet": int(row["deal_stage"] in TERMS_DONE),
        "deal": int(row["deal_stage"] == DealStage.DEAL_SIGNED),
    }

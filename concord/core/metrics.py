"""Alliance metrics: figures one capability knows and another may track, without importing it.

An app registers a metric in its extensions.py with `register_alliance_metric(metric)`: a code,
a label, a unit and a function taking alliance ids and returning each alliance's figure today
(a Decimal, or nothing where there is no figure yet). Goals reads them to record a KPI's
automatic measurements; core only keeps the registry and never knows what a commitment or an
escalation is.

A metric's figure must be one every party of the alliance may see (an aggregate both parties
already read, never a private record), because it becomes a shared measurement. Metrics run in
system work (the sweep), so they read with `unscoped()` and keep a flat number of queries
whatever the number of alliances.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

MetricMeasure = Callable[[list[int]], dict[int, Decimal]]


@dataclass(frozen=True)
class AllianceMetric:
    """A figure Concord works out for each alliance from what it already records."""

    code: str  # stable, stored on the KPIs that track it: "commitments_on_time"
    label: str  # "Commitments delivered on time"
    unit: str  # "%", "count", "score"
    measure: MetricMeasure
    kind: str = "activity"  # the KPI kind it suits: activity, alignment, outcome


_METRICS: dict[str, AllianceMetric] = {}


def register_alliance_metric(metric: AllianceMetric) -> None:
    """Add a metric under its code; registering the same metric again is harmless."""
    if _METRICS.get(metric.code, metric) != metric:
        raise ValueError(f"Another alliance metric is registered as {metric.code!r}.")
    _METRICS[metric.code] = metric


def alliance_metrics() -> dict[str, AllianceMetric]:
    """Every registered metric by code, in the order registered."""
    return dict(_METRICS)


def alliance_metric_values(code: str, alliance_ids: Iterable[int]) -> dict[int, Decimal]:
    """One metric's figures for these alliances (none for an unknown code)."""
    metric = _METRICS.get(code)
    ids = sorted(set(alliance_ids))
    if metric is None or not ids:
        return {}
    return metric.measure(ids)


def percent(part: int, whole: int) -> Decimal | None:
    """A share as a percentage to one decimal place, or None when there is nothing to share."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))

"""Benefits, KPIs and their measurements, by hand and from what Concord already knows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.metrics import alliance_metric_values, alliance_metrics
from concord.core.tenancy import PRIVATE, SHARED
from concord.goals.models import Benefit, Goal, Kpi, KpiKind, Measurement
from concord.goals.services._common import clean, manager_party, member_party
from concord.orgs.models import User


@transaction.atomic
def benefit_create(
    *, actor: User, alliance: Alliance, title: str, description: str = "", visibility: str = PRIVATE
) -> Benefit:
    """Record what the actor's party expects to gain: shared with the partner, or kept private."""
    membership, party = manager_party(actor, alliance)
    if visibility not in (SHARED, PRIVATE):
        raise invalid("visibility", "Choose shared or private.")
    if not title.strip():
        raise invalid("title", "Say what your organisation expects to gain.")
    benefit = Benefit(
        alliance=alliance,
        organisation=membership.organisation,
        title=title.strip(),
        description=description.strip(),
        visibility=visibility,
        author=actor,
    )
    clean(benefit)
    benefit.save()
    audit_record(
        actor=actor,
        action="benefit.created",
        obj=benefit,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} recorded the {visibility} benefit “{benefit.title}” for {party.organisation}",
        after={"title": benefit.title, "visibility": visibility},
        visibility=visibility,  # a private benefit's event stays with its organisation too
    )
    return benefit


def _kpi_checks(kpi: Kpi) -> None:
    if kpi.kind not in KpiKind.values:
        raise invalid("kind", "Choose outcome, patient outcome, activity or alignment.")
    if kpi.direction not in Kpi.Direction.values:
        raise invalid("direction", "Choose whether higher or lower is better.")
    if kpi.target_date <= kpi.baseline_date:
        raise invalid("target_date", "The target date must come after the baseline's date.")
    increase = kpi.direction == Kpi.Direction.INCREASE
    if (kpi.target <= kpi.baseline) if increase else (kpi.target >= kpi.baseline):
        raise invalid(
            "target",
            "The target must be above the baseline when higher is better, below it when lower is.",
        )
    if kpi.metric and kpi.metric not in alliance_metrics():
        raise invalid("metric", "Choose one of the metrics Concord measures, or none.")


@transaction.atomic
def kpi_create(
    *,
    actor: User,
    goal: Goal,
    name: str,
    kind: str,
    unit: str,
    direction: str,
    baseline: Decimal,
    baseline_date: datetime.date,
    target: Decimal,
    target_date: datetime.date,
    owner_party_id: int,
    metric: str = "",
) -> Kpi:
    """Add a KPI to a goal, owned by one of the alliance's parties."""
    membership, _ = manager_party(actor, goal.alliance)
    if goal.status == Goal.Status.REJECTED:
        raise invalid("goal", "This goal was not agreed; propose it again first.")
    owner = (
        Party.objects.unscoped()
        .filter(pk=owner_party_id, alliance_id=goal.alliance_id, status=Party.Status.ACCEPTED)
        .first()
    )
    if owner is None:
        raise invalid("owner_party_id", "Choose a party that has joined this alliance.")
    kpi = Kpi(
        alliance_id=goal.alliance_id,
        goal=goal,
        name=name.strip(),
        kind=kind,
        unit=unit.strip(),
        direction=direction,
        baseline=baseline,
        baseline_date=baseline_date,
        target=target,
        target_date=target_date,
        owner_party=owner,
        metric=metric,
        created_by=actor,
    )
    _kpi_checks(kpi)
    clean(kpi)
    kpi.save()
    audit_record(
        actor=actor,
        action="kpi.created",
        obj=kpi,
        organisation=membership.organisation,
        alliance=goal.alliance,
        summary=f"{actor} added the KPI “{kpi.name}” to the goal “{goal.title}”",
        after={
            "name": kpi.name,
            "kind": kind,
            "baseline": str(baseline),
            "target": str(target),
            "target_date": target_date.isoformat(),
            "owner_party": owner.pk,
            "metric": metric,
        },
    )
    return kpi


def _keep_latest(kpi: Kpi, measurement: Measurement) -> None:
    """The KPI's kept latest value follows its most recent measurement by date."""
    if kpi.latest_on is None or measurement.measured_on >= kpi.latest_on:
        kpi.latest_value, kpi.latest_on = measurement.value, measurement.measured_on
        kpi.save(update_fields=["latest_value", "latest_on"])


@transaction.atomic
def measurement_record(
    *, actor: User, kpi: Kpi, value: Decimal, measured_on: datetime.date, source: str
) -> Measurement:
    """The owner party records a value of its KPI, saying where the figure comes from."""
    kpi = Kpi.objects.unscoped().select_for_update(of=("self",)).get(pk=kpi.pk)
    membership, party = member_party(actor, kpi.alliance)
    if party.pk != kpi.owner_party_id:
        raise forbidden("Only the party that owns this KPI records its measurements.")
    if kpi.is_automatic:
        raise invalid("kpi", "Concord measures this KPI itself, every day.")
    if measured_on > clock.today():
        raise invalid("measured_on", "A measurement cannot be dated in the future.")
    if measured_on < kpi.baseline_date:
        raise invalid("measured_on", "A measurement cannot come before the KPI's baseline.")
    if not source.strip():
        raise invalid("source", "Say where the figure comes from.")
    measurement = Measurement(
        kpi=kpi, value=value, measured_on=measured_on, source=source.strip(), recorded_by=actor
    )
    clean(measurement)
    measurement.save()
    _keep_latest(kpi, measurement)
    audit_record(
        actor=actor,
        action="kpi.measured",
        obj=kpi,
        organisation=membership.organisation,
        alliance=kpi.alliance,
        summary=f"{actor} recorded {value} {kpi.unit} for “{kpi.name}” on {measured_on}",
        after={"value": str(value), "measured_on": measured_on.isoformat(), "source": source},
    )
    return measurement


def measurements_automatic() -> int:
    """Record today's value of every KPI that tracks one of Concord's own metrics; idempotent:
    one automatic value per KPI and day. Returns how many were recorded."""
    kpis = Kpi.objects.unscoped().exclude(metric="").filter(baseline_date__lte=clock.today())
    by_metric: dict[str, list[Kpi]] = defaultdict(list)
    for kpi in kpis.select_related("alliance"):
        by_metric[kpi.metric].append(kpi)
    recorded = 0
    for code, tracked in by_metric.items():
        figures = alliance_metric_values(code, (k.alliance_id for k in tracked))
        label = alliance_metrics()[code].label if code in alliance_metrics() else code
        for kpi in tracked:
            if kpi.alliance_id in figures:
                recorded += _automatic_record(kpi, figures[kpi.alliance_id], label)
    return recorded


def _automatic_record(kpi: Kpi, value: Decimal, label: str) -> int:
    today = clock.today()
    try:
        with transaction.atomic():
            kpi = Kpi.objects.unscoped().select_for_update(of=("self",)).get(pk=kpi.pk)
            if (
                Measurement.objects.unscoped()
                .filter(kpi=kpi, measured_on=today, automatic=True)
                .exists()
            ):
                return 0
            measurement = Measurement.objects.create(
                kpi=kpi, value=value, measured_on=today, source=f"Concord: {label}", automatic=True
            )
            _keep_latest(kpi, measurement)
            audit_record(
                actor=None,
                action="kpi.measured",
                obj=kpi,
                alliance=kpi.alliance,
                summary=f"Concord recorded {value} {kpi.unit} for “{kpi.name}” ({label})",
                after={"value": str(value), "measured_on": today.isoformat(), "automatic": True},
            )
    except IntegrityError:  # another sweep recorded it at the same moment
        return 0
    return 1

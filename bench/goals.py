"""Benchmark data and cases for goals, KPIs and the IP register; see bench/run.py (EXTENSIONS)
and bench/README.md.

On every one of the pharma's alliances: three agreed goals with two KPIs each (one a patient
outcome), a year of monthly measurements per KPI, the goals of a pending gate reviewed by one
party, and an IP register of six background assets
with a licence each (the first a patent family bearing the deal's royalties in three countries,
two patents each), three invention disclosures with two inventors and two filings each.
Bulk-created: benchmark data is not user writes, so no audit events.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from bench.run import Case, _reverse
from concord.alliances.models import Gate, Party, TeamMember
from concord.deals.models import RoyaltyTerm
from concord.goals.models import GateGoalReview, Goal, Kpi, Measurement
from concord.ip.models import Disclosure, Filing, Inventor, IpAsset, Licence, RoyaltyPatent

if TYPE_CHECKING:
    from bench.generate import Portfolio

GOALS, KPIS_PER_GOAL, MONTHS = 3, 2, 12
ASSETS, DISCLOSURES = 6, 3

CASES: list[Case] = [
    Case("goals-page", lambda p: _reverse("goals:alliance-goals", p.focus_alliance_id)),
    Case("kpi-panel", lambda p: _reverse("goals:kpi-panel", p.focus_alliance_id)),
    # The pending gate's card: the goals with their KPIs and each party's review so far.
    Case("kpi-gate-card", lambda p: _reverse("goals:kpi-panel", _gated(p)) + "?at=gate"),
    Case("api-kpis", lambda p: f"/api/v1/alliances/{p.focus_alliance_id}/kpis", auth="token"),
    Case("ip-register-page", lambda p: _reverse("ip:register", p.focus_alliance_id)),
    Case("ip-register-csv", lambda p: _reverse("ip:register-csv", p.focus_alliance_id)),
    Case("api-ip-register", lambda p: f"/api/v1/alliances/{p.focus_alliance_id}/ip", auth="token"),
]


def extend(portfolio: Portfolio, size: int) -> None:
    """Add this capability's data to the generated portfolio; record sizes on it."""
    alliance_ids = portfolio.pharma_alliance_ids()
    now = timezone.now()
    with transaction.atomic():
        for index, alliance_id in enumerate(alliance_ids):
            team = list(
                TeamMember.objects.unscoped()
                .filter(party__alliance_id=alliance_id, party__status=Party.Status.ACCEPTED)
                .select_related("party")
                .order_by("pk")
            )
            if team:
                _goals(random.Random(f"goals-{index}"), alliance_id, team, now)
                _gate_review(alliance_id, team, now)
                _ip(random.Random(f"ip-{index}"), alliance_id, team, now)
    portfolio.rows["kpi measurements"] = Measurement.objects.unscoped().count()
    portfolio.rows["ip records"] = (
        IpAsset.objects.unscoped().count()
        + Disclosure.objects.unscoped().count()
        + RoyaltyPatent.objects.unscoped().count()
    )


def _goals(rng: random.Random, alliance_id: int, team: list, now: datetime.datetime) -> None:
    today = now.date()
    start = today - datetime.timedelta(days=30 * MONTHS)
    goals = Goal.objects.bulk_create(
        Goal(
            alliance_id=alliance_id,
            title=f"Shared goal {n + 1}",
            status=Goal.Status.AGREED,
            version=1,
            agreed_at=now - datetime.timedelta(days=400),
        )
        for n in range(GOALS)
    )
    kpis = Kpi.objects.bulk_create(
        Kpi(
            alliance_id=alliance_id,
            goal_id=goal.pk,
            name=f"{'Patients enrolled' if n == 0 else 'Deliverables on time'} ({goal.title})",
            kind="patient_outcome" if n == 0 else "activity",
            unit="patients" if n == 0 else "%",
            direction="increase",
            baseline=Decimal(0),
            baseline_date=start,
            target=Decimal(100),
            target_date=today + datetime.timedelta(days=180),
            owner_party_id=team[n % len(team)].party_id,
            created_by_id=team[0].user_id,
        )
        for goal in goals
        for n in range(KPIS_PER_GOAL)
    )
    measurements = []
    for kpi in kpis:
        value = Decimal(0)
        for month in range(MONTHS):
            value += Decimal(rng.randint(0, 9))
            measurements.append(
                Measurement(
                    kpi_id=kpi.pk,
                    value=value,
                    measured_on=start + datetime.timedelta(days=30 * (month + 1)),
                    source="Benchmark",
                    recorded_by_id=team[0].user_id,
                )
            )
        kpi.latest_value, kpi.latest_on = value, measurements[-1].measured_on
    Measurement.objects.bulk_create(measurements)
    Kpi.objects.bulk_update(kpis, ["latest_value", "latest_on"])


def _gate_review(alliance_id: int, team: list, now: datetime.datetime) -> None:
    """The alliance's pending gate, if it has one, with its goals reviewed by its first party."""
    gate = Gate.objects.unscoped().filter(alliance_id=alliance_id, status="pending").first()
    if gate is not None:
        GateGoalReview.objects.create(
            gate=gate, party=team[0].party, answer="confirmed", by=team[0].user, at=now
        )


def _gated(portfolio: Portfolio) -> int:
    """A pharma alliance with a pending gate: where the gate card shows the goals' review."""
    gates = Gate.objects.unscoped().filter(
        status="pending", alliance_id__in=portfolio.pharma_alliance_ids()
    )
    return gates.order_by("alliance_id").values_list("alliance_id", flat=True).first()


def _ip(rng: random.Random, alliance_id: int, team: list, now: datetime.datetime) -> None:
    parties = sorted({member.party_id for member in team})
    user_id = team[0].user_id
    assets = IpAsset.objects.bulk_create(
        IpAsset(
            alliance_id=alliance_id,
            owner_party_id=parties[n % len(parties)],
            kind="patent_family" if n == 0 else rng.choice(IpAsset.Kind.values),
            title=f"Background asset {n + 1}",
            numbers=f"EP{rng.randint(1000000, 3999999)}",
            territories="EP,US,JP",
            created_by_id=user_id,
        )
        for n in range(ASSETS)
    )
    terms = (
        RoyaltyTerm.objects.unscoped().filter(alliance_id=alliance_id).values_list("pk", flat=True)
    )
    RoyaltyPatent.objects.bulk_create(
        RoyaltyPatent(
            asset_id=assets[0].pk,
            royalty_term_id=term_id,
            country=country,
            number=f"{country}{rng.randint(1000000, 9999999)}",
            expires_on=now.date() + datetime.timedelta(days=rng.randint(-365, 6000)),
            created_by_id=user_id,
        )
        for term_id in terms
        for country in ("DE", "US", "JP")
        for _ in range(2)
    )
    disclosures = Disclosure.objects.bulk_create(
        Disclosure(
            alliance_id=alliance_id,
            title=f"Invention {n + 1}",
            disclosed_on=now.date() - datetime.timedelta(days=rng.randint(30, 700)),
            rule=Disclosure.Rule.JOINT,
            prosecuting_party_id=parties[n % len(parties)],
            created_by_id=user_id,
        )
        for n in range(DISCLOSURES)
    )
    Licence.objects.bulk_create(
        Licence(
            alliance_id=alliance_id,
            asset_id=asset.pk,
            licensee_party_id=parties[(n + 1) % len(parties)],
            use=rng.choice(["research", "commercial", "both"]),
            granted_by_id=user_id,
        )
        for n, asset in enumerate(assets)
    )
    Inventor.objects.bulk_create(
        Inventor(disclosure_id=d.pk, name=f"Inventor {n + 1}", party_id=parties[n % len(parties)])
        for d in disclosures
        for n in range(2)
    )
    Filing.objects.bulk_create(
        Filing(
            disclosure_id=d.pk,
            kind=kind,
            office=office,
            filed_on=d.disclosed_on + datetime.timedelta(days=days),
            created_by_id=user_id,
        )
        for d in disclosures
        for kind, office, days in (("priority", "EP", 20), ("pct", "WO", 360))
    )

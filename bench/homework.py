"""Benchmark data and cases for homework; see bench/run.py (EXTENSIONS) and bench/README.md.

On every one of the pharma's alliances the pharma keeps its homework: eight quarterly fit
assessments, a stakeholder map of twelve of the partner's people at three levels, and onboarding
ticks for its team. Measured: the stakeholder map, the briefing book (page and PDF, the PDF held
to 2 s) and the stakeholders API, at 15 and 150 alliances, their query counts flat.
Bulk-created: benchmark data is not user writes, so no audit events.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from bench.run import Case, _reverse
from concord.alliances.models import TeamMember
from concord.homework.models import FitAssessment, Stakeholder

if TYPE_CHECKING:
    from bench.generate import Portfolio

QUARTERS, PEOPLE = 8, 12
LEVELS = ("executive", "leadership", "working")
FUNCTIONS = ("research", "clinical", "commercial", "business_development", "alliance")
ROLES = ("sponsor", "decision_maker", "counterpart", "influencer")

CASES: list[Case] = [
    Case("stakeholder-map", lambda p: _reverse("homework:stakeholders", p.focus_alliance_id)),
    Case("briefing-book", lambda p: _reverse("homework:briefing", p.focus_alliance_id)),
    Case(
        "briefing-book-pdf",
        lambda p: _reverse("homework:briefing-pdf", p.focus_alliance_id),
        budget_ms=2000,
        cold=True,  # the laid-out PDF is cached by its HTML: time the layout, not the cache
    ),
    Case(
        "api-stakeholders",
        lambda p: f"/api/v1/alliances/{p.focus_alliance_id}/stakeholders",
        auth="token",
    ),
]


def extend(portfolio: Portfolio, size: int) -> None:
    """Add the pharma's homework to every one of its alliances."""
    pharma = portfolio.pharma_manager.membership.organisation
    today = timezone.now().date()
    with transaction.atomic():
        for alliance_id in portfolio.pharma_alliance_ids():
            ours = list(
                TeamMember.objects.unscoped()
                .filter(party__alliance_id=alliance_id, party__organisation=pharma)
                .values_list("user_id", flat=True)
            )
            if not ours:
                continue
            _fit(alliance_id, pharma, ours[0], today)
            _map(alliance_id, pharma, ours, today)
    portfolio.rows["homework rows"] = (
        FitAssessment.objects.unscoped().count() + Stakeholder.objects.unscoped().count()
    )


def _fit(alliance_id: int, pharma: object, by: int, today: datetime.date) -> None:
    FitAssessment.objects.bulk_create(
        FitAssessment(
            alliance_id=alliance_id,
            organisation=pharma,
            assessed_on=today - datetime.timedelta(days=91 * (QUARTERS - q)),
            strategic_fit=4,
            priority=4 - q % 2,
            market=3,
            competition=3 + q % 2,
            sponsor_strength=4,
            assessed_by_id=by,
        )
        for q in range(QUARTERS)
    )


def _map(alliance_id: int, pharma: object, ours: list[int], today: datetime.date) -> None:
    Stakeholder.objects.bulk_create(
        Stakeholder(
            alliance_id=alliance_id,
            organisation=pharma,
            name=f"Partner person {n + 1}",
            level=LEVELS[n % 3],
            function=FUNCTIONS[n % 5],
            role=ROLES[n % 4],
            stance="supportive",
            strength=3,
            owner_id=ours[n % len(ours)],
            last_contact=today - datetime.timedelta(days=7 * n),
        )
        for n in range(PEOPLE)
    )

"""Benchmark data and cases for the document room and the risk register; see bench/run.py
(EXTENSIONS) and bench/README.md.

On every one of the pharma's alliances: about 333 documents (50,000 at 150 alliances), a fifth of
them private to one side, each with a title and a page of searchable text, and ten risks, two of
them private. Bulk-created: benchmark data is not user writes, so no audit events and no files.
The search looks for a word that only a few documents hold, as a person searching would.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from bench.run import Case, _reverse
from concord.alliances.models import Party, TeamMember
from concord.documents.models import Document
from concord.risks.models import Risk

if TYPE_CHECKING:
    from bench.generate import Portfolio

PER_ALLIANCE = 333
RISKS_PER_ALLIANCE = 10
WORDS = (
    "assay toxicology potency release batch cohort biomarker endpoint dossier filing plan budget "
    "milestone royalty charter minutes protocol amendment stability formulation manufacturing"
).split()
RARE = "fluorokinase"  # in about one document in a thousand

CASES: list[Case] = [
    Case(
        "document-search-page",
        lambda p: f"{_reverse('documents:room', p.focus_alliance_id)}?q={RARE}",
        budget_ms=300,
        per="documents",
    ),
    Case(
        "api-document-search",
        lambda p: f"/api/v1/alliances/{p.focus_alliance_id}/documents?search={RARE}",
        auth="token",
        budget_ms=300,
        per="documents",
    ),
    Case("risk-register-page", lambda p: _reverse("risks:register", p.focus_alliance_id)),
    Case("api-risks", lambda p: f"/api/v1/alliances/{p.focus_alliance_id}/risks", auth="token"),
]


def extend(portfolio: Portfolio, size: int) -> None:
    """Add this capability's data to the generated portfolio; record sizes on it."""
    alliance_ids = portfolio.pharma_alliance_ids()
    now = timezone.now()
    with transaction.atomic():
        for index, alliance_id in enumerate(alliance_ids):
            _alliance(random.Random(f"documents-{index}"), alliance_id, now)
    portfolio.measures["documents"] = Document.objects.unscoped().count()
    portfolio.rows["documents"] = portfolio.measures["documents"]
    portfolio.rows["risks"] = Risk.objects.unscoped().count()


def _alliance(rng: random.Random, alliance_id: int, now: datetime.datetime) -> None:
    team = list(
        TeamMember.objects.unscoped()
        .filter(party__alliance_id=alliance_id, party__status=Party.Status.ACCEPTED)
        .select_related("party")
        .order_by("pk")
    )
    if not team:
        return
    documents = []
    for n in range(PER_ALLIANCE):
        member = team[n % len(team)]
        words = rng.choices(WORDS, k=300) + ([RARE] if rng.random() < 0.001 else [])
        documents.append(
            Document(
                alliance_id=alliance_id,
                organisation_id=member.party.organisation_id,
                visibility="private" if n % 5 == 0 else "shared",
                title=f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {n + 1}",
                search_text=" ".join(words),
                created_by_id=member.user_id,
                created_at=now - datetime.timedelta(days=rng.randint(0, 1000)),
                updated_at=now - datetime.timedelta(days=rng.randint(0, 1000)),
            )
        )
    Document.objects.bulk_create(documents)
    Risk.objects.bulk_create(
        Risk(
            alliance_id=alliance_id,
            organisation_id=team[n % len(team)].party.organisation_id,
            visibility="private" if n % 5 == 0 else "shared",
            title=f"{rng.choice(WORDS).capitalize()} risk {n + 1}",
            category=rng.choice(Risk.Category.values),
            owner_id=team[n % len(team)].user_id,
            likelihood=rng.randint(1, 4),
            impact=rng.randint(1, 4),
            review_on=now.date() + datetime.timedelta(days=rng.randint(-10, 90)),
            created_by_id=team[n % len(team)].user_id,
        )
        for n in range(RISKS_PER_ALLIANCE)
    )

"""A big pharma's portfolio for the benchmark, bulk-created in seconds.

Benchmark data is not user writes, so it skips the services and goes straight to bulk_create; the
audit events it writes still form a valid hash chain, so `concord audit verify` passes on it. At
150 alliances for the measured pharma (plus a tenth more between partners, which the pharma must
not see) it holds about 100,000 rows: alliances, parties, teams, programmes, gates, sign-offs,
phase transitions, notes and three years of audit events.

Each alliance draws from its own seeded random generator, so alliance number 0 (the one the
alliance page is measured on) is the same at every portfolio size.

The pharma also runs a partnering portal: by default 10,000 submissions at 150 alliances (1,000 at
15), received over eighteen months, with reviews on the BD and R&D tracks, the dialogue and
decisions, most answered and some still open.
"""

from __future__ import annotations

import random
import time

from django.db import transaction
from django.utils import timezone

from bench.generate._common import Cast, Portfolio, _chain, _counts
from bench.generate.alliances import _alliance
from bench.generate.people import _cast, _org_events
from bench.generate.portal import _portal, grow_portal
from concord.orgs.models import Membership


def submissions_for(alliances: int) -> int:
    """How many portal submissions a pharma of this size receives: 10,000 at 150 alliances, and
    no more above (the portal's own growth to 100,000 is measured on the 150-alliance portfolio)."""
    return min(10_000, round(alliances * 10_000 / 150))


def generate(
    *,
    alliances: int = 150,
    organisations: int = 40,
    seed: int = 2026,
    submissions: int | None = None,
) -> Portfolio:
    """Create the portfolio: `alliances` for the pharma among `organisations` in all, and the
    submissions its portal received (`submissions_for(alliances)` unless given)."""
    started = time.monotonic()
    submissions = submissions_for(alliances) if submissions is None else submissions
    now = timezone.now()
    with transaction.atomic():
        cast = _cast(organisations, random.Random(seed), now)
        events = _org_events(cast, now)
        pharma_ids = []
        total = alliances + alliances // 10
        for index in range(total):
            rng = random.Random(f"{seed}-{index}")
            with_pharma = index < alliances
            alliance_id = _alliance(rng, cast, index, with_pharma, now, events)
            if with_pharma:
                pharma_ids.append(alliance_id)
        _portal(random.Random(f"{seed}-portal"), cast, submissions, now, events)
        _chain(events)
        counts = _counts()
    manager = next(
        m.user for m in cast.people[cast.pharma.pk] if m.role == Membership.Role.ALLIANCE_MANAGER
    )
    return Portfolio(manager, pharma_ids[0], counts, time.monotonic() - started, submissions)


__all__ = ["Cast", "Portfolio", "generate", "grow_portal", "submissions_for"]

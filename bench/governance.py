"""Benchmark data and cases for governance; see bench/run.py (EXTENSIONS) and bench/README.md.

The pharma's first alliance (the same at every size) runs five committees, each meeting monthly:
one year of history at 15 alliances, three years at 150. Every meeting has an agenda, attendance,
two decisions with each party's vote (one in eight deadlocked, and escalated), an action and
approved minutes. Bulk-created: benchmark data is not user writes, so no audit events. The
governance page, the decision log and the meeting pack must read the same number of queries at
both sizes, and the pack render within two seconds.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from bench.run import Case, _reverse
from concord.alliances.models import Party
from concord.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Charter,
    Committee,
    CommitteeMember,
    Concern,
    Decision,
    DecisionVote,
    Escalation,
    Meeting,
    Minutes,
    Raci,
    Workstream,
)
from concord.orgs.models import Membership

if TYPE_CHECKING:
    from bench.generate import Portfolio

KINDS = ["jsc", "jdc", "jcc", "jpc", "jrc"]
NAMES = {
    "jsc": "Joint steering committee",
    "jdc": "Joint development committee",
    "jcc": "Joint commercialisation committee",
    "jpc": "Joint patent committee",
    "jrc": "Joint research committee",
}

CASES: list[Case] = [
    Case(
        "governance-page",
        lambda p: _reverse("governance:alliance-governance", p.ids["governance_alliance"]),
        per="meetings",
    ),
    Case(
        "decision-log-page",
        lambda p: _reverse("governance:decision-log", p.ids["governance_alliance"]),
        per="meetings",
    ),
    Case(
        "meeting-pack",
        lambda p: _reverse("governance:meeting-pack", p.ids["governance_meeting"]),
        budget_ms=2000,
        per="meetings",
        cold=True,  # the laid-out PDF is cached by its HTML: time the layout, not the cache
    ),
]


def months_for(size: int) -> int:
    """One year of monthly meetings at 15 alliances, three years at 150."""
    return 12 if size <= 15 else 36


@transaction.atomic
def extend(portfolio: Portfolio, size: int) -> None:
    """Add this capability's data to the generated portfolio; record sizes and ids on it."""
    rng = random.Random("governance-bench")
    alliance_id = portfolio.focus_alliance_id
    parties = list(
        Party.objects.unscoped()
        .filter(alliance_id=alliance_id, status="accepted")
        .order_by("invited_at", "pk")
    )
    people = {
        p.pk: list(
            Membership.objects.unscoped()
            .filter(organisation_id=p.organisation_id, is_active=True)
            .order_by("pk")
            .values_list("user_id", flat=True)[:4]
        )
        for p in parties
    }
    creator = people[parties[0].pk][0]
    committees = _committees(alliance_id, parties, people, creator)
    now = timezone.now()
    months = months_for(size)
    latest = None
    for committee in committees:
        latest_here = _meetings(rng, committee, parties, people, creator, now, months)
        if committee.kind == "jsc":
            latest = latest_here
    _workstreams(alliance_id, parties, committees[0])
    portfolio.measures["meetings"] = (
        Meeting.objects.unscoped().filter(alliance_id=alliance_id).count()
    )
    portfolio.ids["governance_alliance"] = alliance_id
    portfolio.ids["governance_meeting"] = latest.pk if latest else 0


def _committees(
    alliance_id: int, parties: list[Party], people: dict[int, list[int]], creator: int
) -> list[Committee]:
    committees = Committee.objects.bulk_create(
        Committee(alliance_id=alliance_id, kind=kind, name=NAMES[kind], created_by_id=creator)
        for kind in KINDS
    )
    for committee in committees[1:]:
        committee.reports_to = committees[0]
    Committee.objects.unscoped().bulk_update(committees[1:], ["reports_to"])
    charters = Charter.objects.bulk_create(
        Charter(
            committee=c,
            version=1,
            status=Charter.Status.IN_FORCE,
            cadence_days=31,
            carve_outs="Amending the research plan\nIncreasing the budget",
            final_say_party=parties[0],
            proposed_by_id=creator,
            proposing_party=parties[0],
            in_force_from=timezone.now(),
        )
        for c in committees
    )
    for charter in charters:
        charter.executives.set([people[p.pk][0] for p in parties])
    CommitteeMember.objects.bulk_create(
        CommitteeMember(committee=c, party=p, user_id=user, role=role)
        for c in committees
        for p in parties
        for user, role in zip(people[p.pk][:3], ["co_chair", "member", "alternate"], strict=False)
    )
    return committees


def _meetings(
    rng: random.Random,
    committee: Committee,
    parties: list[Party],
    people: dict[int, list[int]],
    creator: int,
    now: datetime.datetime,
    months: int,
) -> Meeting:
    """Monthly meetings back from last week, each with its agenda, votes, action and minutes."""
    meetings = Meeting.objects.bulk_create(
        Meeting(
            alliance_id=committee.alliance_id,
            committee=committee,
            title=f"{committee.short_name} meeting {month + 1}",
            starts_at=now - datetime.timedelta(days=7 + 30 * (months - 1 - month)),
            status=Meeting.Status.HELD,
            quorum_met=True,
            created_by_id=creator,
        )
        for month in range(months)
    )
    seats = list(CommitteeMember.objects.unscoped().filter(committee=committee))
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, position=n, title=title, objective=objective, owner_id=creator)
        for m in meetings
        for n, (title, objective) in enumerate(
            [("Programme update", "inform"), ("Plan and budget", "decide"), ("Risks", "discuss")], 1
        )
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=m, member=s, present=s.role != "alternate")
        for m in meetings
        for s in seats
    )
    _decisions(rng, committee, meetings, items, parties, creator)
    ActionItem.objects.bulk_create(
        ActionItem(
            alliance_id=committee.alliance_id,
            committee=committee,
            meeting=m,
            title=f"Follow up {m.title}",
            owner_id=people[parties[n % 2].pk][1],
            owner_party=parties[n % 2],
            due_on=(m.starts_at + datetime.timedelta(days=21)).date(),
            status="done" if n < len(meetings) - 2 else "open",
            created_by_id=creator,
        )
        for n, m in enumerate(meetings)
    )
    Minutes.objects.bulk_create(
        Minutes(
            meeting=m,
            body=f"Minutes of {m.title}. Present: the members of both parties.",
            status=Minutes.Status.APPROVED if n < len(meetings) - 1 else Minutes.Status.CIRCULATED,
            drafted_by_id=creator,
            circulated_at=m.starts_at + datetime.timedelta(days=8),
            approved_at=meetings[n + 1].starts_at if n < len(meetings) - 1 else None,
            approved_at_meeting=meetings[n + 1] if n < len(meetings) - 1 else None,
        )
        for n, m in enumerate(meetings)
    )
    return meetings[-1]


def _decisions(
    rng: random.Random,
    committee: Committee,
    meetings: list[Meeting],
    items: list[AgendaItem],
    parties: list[Party],
    creator: int,
) -> None:
    start = (
        Decision.objects.unscoped()
        .filter(alliance_id=committee.alliance_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    )
    rows: list[Decision] = []
    for m in meetings:
        for title in ("Adopt the plan", "Approve the budget"):
            outcome = "deadlocked" if rng.random() < 0.125 else "agreed"
            rows.append(
                Decision(
                    alliance_id=committee.alliance_id,
                    committee=committee,
                    meeting=m,
                    agenda_item=next(i for i in items if i.meeting_id == m.pk and i.position == 2),
                    number=start + len(rows) + 1,
                    title=f"{title} ({m.title})",
                    outcome=outcome,
                    recorded_by_id=creator,
                    created_at=m.starts_at,
                    decided_at=m.starts_at,
                )
            )
    decisions = Decision.objects.bulk_create(rows)
    DecisionVote.objects.bulk_create(
        DecisionVote(
            decision=d,
            party=p,
            vote="against" if d.outcome == "deadlocked" and n == 0 else "for",
            cast_by_id=creator,
        )
        for d in decisions
        for n, p in enumerate(parties)
    )
    Escalation.objects.bulk_create(
        Escalation(
            alliance_id=committee.alliance_id,
            committee=committee,
            decision=d,
            title=f"Deadlock on {d.reference}",
            level="executives",
            level_since=d.created_at,
            status="resolved",
            resolution="Settled by the executives.",
            raising_party=parties[0],
            raised_by_id=creator,
            created_at=d.created_at,
            resolved_at=d.created_at + datetime.timedelta(days=20),
        )
        for d in decisions
        if d.outcome == "deadlocked"
    )
    Concern.objects.bulk_create(
        Concern(
            alliance_id=committee.alliance_id,
            organisation_id=parties[n % 2].organisation_id,
            raised_by_id=creator,
            title=f"Concern after {m.title}",
            visibility="shared" if n % 3 else "private",
            status="resolved" if n < len(meetings) - 3 else "open",
            created_at=m.starts_at,
        )
        for n, m in enumerate(meetings)
    )


def _workstreams(alliance_id: int, parties: list[Party], jsc: Committee) -> None:
    streams = Workstream.objects.bulk_create(
        Workstream(alliance_id=alliance_id, name=name, committee=jsc)
        for name in ("Research", "CMC", "Clinical", "Regulatory", "Commercial")
    )
    Raci.objects.bulk_create(
        Raci(workstream=w, party=p, role="A" if k == n % len(parties) else "R")
        for n, w in enumerate(streams)
        for k, p in enumerate(parties)
    )

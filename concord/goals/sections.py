"""What goals adds to other pages: the KPI summary beside the alliance overview, the goals at
the pending gate, KPI target dates in the calendar feed, and off-track KPIs on Today."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from concord.alliances.models import Alliance, Gate, Party
from concord.alliances.portfolio import alliances_in_role
from concord.core import clock
from concord.core.calendar import CalendarEntry
from concord.core.portfolio import PortfolioColumn, PortfolioFacts
from concord.core.tenancy import organisation_of
from concord.core.today import FLAG, TodayItem
from concord.goals import selectors
from concord.goals.models import Kpi, KpiStatus
from concord.goals.status import kpi_status


def overview_panel(request: Any, alliance: Alliance) -> tuple[str, dict[str, Any]] | None:
    """How many KPIs are on track, at risk and off track, and which are off track.

    The alliance page holds to its query budget (25, issue 11), so the panel costs it nothing:
    the card loads its figures from `goals:kpi-panel` once the page is shown (htmx), and
    without script it links to the Goals & KPIs page.
    """
    if selectors.own_party(user=request.user, alliance=alliance) is None:
        return None
    return "goals/_kpi_panel_lazy.html", {"alliance": alliance, "place": "side"}


def gate_panel(request: Any, alliance: Alliance) -> tuple[str, dict[str, Any]] | None:
    """The goals' KPIs where the pending gate is decided: each party confirms or proposes a change."""
    if selectors.own_party(user=request.user, alliance=alliance) is None:
        return None
    return "goals/_kpi_panel_lazy.html", {"alliance": alliance, "place": "gate"}


def pack_section(user: Any, meeting: Any) -> tuple[str, dict[str, Any]] | None:
    """The KPI summary in a meeting's pack: every KPI the reader may see with its status (one
    query); left out of the pack of an alliance without KPIs."""
    summary = selectors.kpi_summary(user=user, alliance=meeting.alliance)
    if not summary.rows:
        return None
    return "goals/_pack_kpis.html", {"summary": summary}


def _owned(user: Any) -> Any:
    org = organisation_of(user)
    return (
        Kpi.objects.visible_to(user)
        .filter(owner_party__organisation=org, owner_party__status=Party.Status.ACCEPTED)
        .select_related("alliance", "goal")
    )


def kpi_calendar(user: Any) -> Iterable[CalendarEntry]:
    """Target dates of the KPIs the person's organisation owns."""
    if organisation_of(user) is None:
        return []
    return [
        CalendarEntry(
            uid=f"kpi-target-{kpi.pk}@concord",
            summary=f"KPI target: {kpi.name} ({kpi.alliance.name})",
            start=kpi.target_date,
            description=f"Target {kpi.target.normalize()} {kpi.unit} for the goal “{kpi.goal}”.",
            url=reverse("goals:kpi-detail", args=[kpi.pk]),
        )
        for kpi in _owned(user).filter(target_date__gte=clock.today())
    ]


def today_items(user: Any) -> Iterable[TodayItem]:
    """KPIs off track that the person's party owns, and pending gates whose goals their party
    has not reviewed yet, on alliances they manage."""
    membership = getattr(user, "membership", None)
    if organisation_of(user) is None or membership is None or membership.is_read_only:
        return []
    kpis = _owned(user).filter(alliance_id__in=alliances_in_role(user=user))
    items = [_off_track_item(kpi) for kpi in kpis if kpi_status(kpi) == KpiStatus.OFF_TRACK]
    if membership.can_manage_alliances:
        items += [_gate_review_item(gate) for gate in selectors.gates_awaiting_review(user=user)]
    return items


def _gate_review_item(gate: Gate) -> TodayItem:
    return TodayItem(
        kind="goals",
        title=f"Review the goals at the gate {gate}",
        why="At every gate each party confirms the alliance's goals and KPIs, or proposes a "
        "change; your organisation has not yet.",
        url=reverse("alliances:alliance-detail", args=[gate.alliance_id]) + "#gate",
        action="Review",
        alliance_id=gate.alliance_id,
        alliance_name=gate.alliance.name,
    )


def _off_track_item(kpi: Kpi) -> TodayItem:
    return TodayItem(
        kind="kpi",
        title=f"Off track: {kpi.name}",
        why=f"Latest {kpi.latest_value.normalize() if kpi.latest_value is not None else ''} "
        f"{kpi.unit} on {kpi.latest_on:%-d %b}, well behind the line to "
        f"{kpi.target.normalize()} by {kpi.target_date:%-d %b %Y}; your organisation owns it.",
        url=reverse("goals:kpi-detail", args=[kpi.pk]),
        action="Review",
        section=FLAG,
        alliance_id=kpi.alliance_id,
        alliance_name=kpi.alliance.name,
        due=kpi.target_date,
    )


COLUMNS = [PortfolioColumn("kpis", "KPIs on track", 45)]
FLAGS = {"kpi_off_track": "A KPI off track"}


def portfolio_source(user: Any, alliance_ids: list[int]) -> dict[int, PortfolioFacts]:
    """Per alliance, how many of its KPIs are on track out of those measured (one query), and a
    flag where one is off track: the value column of the portfolio."""
    kpis = Kpi.objects.visible_to(user).filter(
        alliance_id__in=alliance_ids, latest_on__isnull=False
    )
    facts: dict[int, PortfolioFacts] = {}
    tally: dict[int, list[int]] = {}
    for kpi in kpis.only(*STATUS_FIELDS):
        status = kpi_status(kpi)
        counts = tally.setdefault(kpi.alliance_id, [0, 0])
        counts[0] += status == KpiStatus.ON_TRACK
        counts[1] += 1
        entry = facts.setdefault(kpi.alliance_id, PortfolioFacts())
        if status == KpiStatus.OFF_TRACK:
            entry.flags.add("kpi_off_track")
    for pk, (on_track, measured) in tally.items():
        facts[pk].values["kpis"] = f"{on_track} / {measured}"
    return facts


# What a KPI's status needs of its row, so the portfolio reads nothing more.
STATUS_FIELDS = (
    "alliance_id",
    "direction",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "latest_value",
    "latest_on",
)

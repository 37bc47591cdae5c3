"""The alliance's Health tab and its forms (cadence, starting a round, kudos), and its overview panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.alliances.models import Alliance
from concord.core.pages import (
    MemberRequest,
    ServiceFormView,
    paginate,
)
from concord.core.sections import SummaryFact
from concord.health import charts, selectors, services
from concord.health.forms import (
    CadenceForm,
    KudosForm,
    RoundStartForm,
    TrendForm,
    cadence_initial,
)
from concord.health.models import Kind
from concord.health.views._common import ROUNDS_PAGE_SIZE, HealthView, health_url, results_context
from concord.orgs.models import User


class AllianceHealthView(HealthView):
    """Both sides' view of the relationship: open rounds, latest results, gaps, trends, kudos."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, can = self.joined_alliance(request, pk)
        form = TrendForm(request.GET)
        data = form.cleaned_data if form.is_valid() else {}
        kind = data.get("kind") or Kind.PULSE
        health = selectors.alliance_health(
            user=request.user, alliance=alliance, kind=kind, dimension=data.get("dimension") or ""
        )
        rounds = selectors.round_list(user=request.user, alliance=alliance)
        trend = health.trend
        label = dict(trend.dimensions).get(trend.dimension, "Overall score")
        context = {
            "alliance": alliance,
            "can": can,
            "health": health,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "trend_label": label,
            "trend_chart": charts.trend_chart(
                trend, chart_id="trend", title=f"{Kind(kind).label}: {label.lower()} over time"
            )
            if trend.points
            else None,
            **paginate(request, rounds, ROUNDS_PAGE_SIZE),
            "kudos_form": KudosForm(),
            "start_form": RoundStartForm(),
            **results_context(health.latest, "gap"),
        }
        return render(request, "health/alliance_health.html", context)


class HealthFormView(ServiceFormView, HealthView):
    """A health page of one alliance holding one form that runs one service on the alliance;
    only people the health permission `right` allows see it, and Cancel goes back to `anchor`.
    """

    right = "manage"
    refusal = ""
    anchor = ""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance, can = self.joined_alliance(request, pk)
        self.require(getattr(can, self.right), self.refusal)
        self.about(request, "alliance", self.alliance)

    def done_url(self, result: Any) -> str:
        return health_url(self.alliance.pk, self.anchor)

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": health_url(self.alliance.pk)}


class CadenceUpdateView(HealthFormView):
    """How often the alliance runs its pulses and health checks; either party's managers."""

    template_name = "health/cadence_form.html"
    refusal = "Only the parties' alliance managers can change the cadence."
    success = "Cadence saved. The sweep opens rounds on it from now."
    service = staticmethod(services.cadence_update)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CadenceForm:
        instruments = selectors.instrument_list(user=request.user)
        if data is not None:
            return CadenceForm(instruments=instruments, data=data)
        cadence = selectors.cadence_of(user=request.user, alliance=self.alliance)
        return CadenceForm(instruments=instruments, initial=cadence_initial(cadence))

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.changes())


class RoundStartView(HealthFormView):
    """An alliance manager starts a pulse or a health check now, outside the cadence."""

    refusal = "Only the parties' alliance managers can start a round."
    anchor = "open-rounds"
    title = "Start a check now"
    lead = (
        "Both parties' team members get a personal link at once. Results appear "
        "when the round closes, for each party that enough people answered."
    )
    submit = "Start and send the links"
    service = staticmethod(services.round_start)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> RoundStartForm:
        return RoundStartForm(data, initial={"kind": Kind.HEALTH_CHECK})

    def success_message(self, result: Any) -> str:
        return f"{result.title} is open; both teams have their links."


class KudosCreateView(HealthFormView):
    """A team member thanks people on the alliance; both parties see it."""

    right = "kudos"
    refusal = "Kudos come from the alliance's team members."
    anchor = "celebrations"
    title = "Give kudos"
    lead = "Celebrate what went well. Kudos appear on the alliance for every party, with your name."
    submit = "Give kudos"
    success = "Kudos given: both parties see it on the alliance."
    service = staticmethod(services.kudos_give)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> KudosForm:
        return KudosForm(data)

    def page_context(self) -> dict[str, Any]:
        cancel_url = health_url(self.alliance.pk, "celebrations")
        return {**super().page_context(), "cancel_url": cancel_url}


def overview_panel(request: HttpRequest, alliance: Alliance) -> tuple[str, dict[str, Any]] | None:
    """The alliance overview's side panel: latest pulse, gap flags, celebrations, what to answer."""
    panel = selectors.overview_panel(user=request.user, alliance=alliance)
    return "health/_overview_panel.html", {
        "panel": panel,
        "alliance": alliance,
        "strip": overview_summary(alliance, panel),
    }


def overview_summary(alliance: Alliance, panel: Any) -> list[SummaryFact]:
    """The latest pulse by party and the widest perception gap, for the summary strip."""
    pulse = panel.pulse
    scores = [p for p in pulse.parties if p.shown] if pulse else []
    value = " / ".join(f"{p.overall}" for p in scores) if scores else "No pulse yet"
    detail = " / ".join(p.name for p in scores) if scores else ""
    gaps = [row for row in panel.health.dimensions if row.gap is not None] if panel.health else []
    widest = max(gaps, key=lambda row: row.gap, default=None)
    url = reverse("health:alliance-health", args=[alliance.pk])
    return [
        SummaryFact("Health (pulse of 5)", value, detail, url, order=20),
        SummaryFact(
            "Widest gap",
            f"{widest.gap} · {widest.name}" if widest else "None measured",
            f"{len(panel.health.flagged)} flagged" if widest and panel.health.flagged else "",
            url,
            tone="warn" if widest and widest.flagged else "",
            order=21,
        ),
    ]

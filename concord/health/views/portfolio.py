"""The organisation-wide health page and its download."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from concord.core import clock
from concord.core.exports import csv_cell, csv_download
from concord.core.pages import (
    MemberRequest,
    filtered,
    paginate,
)
from concord.health import charts, selectors
from concord.health.forms import PortfolioFilterForm
from concord.health.models import Kind
from concord.health.views._common import PORTFOLIO_PAGE_SIZE, HealthView
from concord.orgs.models import User


class PortfolioHealthView(HealthView):
    """Every alliance the organisation has joined: latest scores, gaps, trends, response rates."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form = PortfolioFilterForm(request.GET)
        portfolio = selectors.portfolio_health(user=request.user, filters=form.filters())
        listing = paginate(request, portfolio.rows, PORTFOLIO_PAGE_SIZE)
        page = listing["page_obj"]
        trends = selectors.portfolio_trends(
            user=request.user, alliance_ids=[row.alliance.pk for row in page]
        )
        for row in page:
            trend = trends.get(row.alliance.pk)
            spark = charts.sparkline(trend, label=str(row.alliance.pk))
            # An alliance without pulses shows its health checks' line in that column instead.
            if trend is not None and trend.kind == Kind.HEALTH_CHECK:
                row.health_spark = spark
            else:
                row.spark = spark
        context = {
            "form": form,
            "portfolio": portfolio,
            **listing,
            "filtered": filtered(request, ("search", "tier", "phase", "attention")),
            "waiting": selectors.invitations_waiting(user=request.user),
        }
        return render(request, "health/portfolio.html", context)


class PortfolioExportView(HealthView):
    """The organisation-wide page as CSV, for the portfolio review."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form = PortfolioFilterForm(request.GET)
        portfolio = selectors.portfolio_health(user=request.user, filters=form.filters())
        stamp = clock.today().isoformat()
        response = csv_download(f"Alliance health {stamp}.csv")
        writer = csv.writer(response)
        writer.writerow(
            [
                "Alliance", "Partners", "Tier", "Phase", "Latest pulse", "Own pulse score",
                "Partner pulse score", "Latest health check", "Own health score",
                "Partner health score", "Widest gap", "Flagged dimensions", "Pulse response rate",
                "Early warnings (90 days)", "Health check overdue",
            ]
        )  # fmt: skip
        for row in portfolio.rows:
            writer.writerow([csv_cell(v) for v in _portfolio_csv_row(row)])
        return response


def _portfolio_csv_row(row: selectors.PortfolioRow) -> list[Any]:
    def scores(snapshot: selectors.Snapshot | None) -> list[Any]:
        if snapshot is None:
            return ["", "", ""]
        own = snapshot.own.overall if snapshot.own else None
        partners = [p.overall for p in snapshot.partners if p.overall is not None]
        return [
            timezone.localtime(snapshot.opens_at).strftime("%Y-%m-%d"),
            own if own is not None else "",
            "; ".join(str(p) for p in partners),
        ]

    gap = row.widest_gap
    return [
        row.alliance.name,
        "; ".join(row.partners),
        row.alliance.get_tier_display(),
        row.alliance.get_phase_display(),
        *scores(row.pulse),
        *scores(row.health),
        f"{gap[0]} {gap[1]}" if gap else "",
        "; ".join(row.flagged),
        f"{row.pulse.response_rate}%" if row.pulse and row.pulse.response_rate is not None else "",
        row.warnings,
        "yes" if row.overdue else "",
    ]

"""One round's results and their download."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from concord.core.exports import csv_cell, csv_download
from concord.core.pages import MemberRequest
from concord.health import selectors
from concord.health.selectors import RoundResults
from concord.health.views._common import HealthView, results_context
from concord.orgs.models import User


class RoundDetailView(HealthView):
    """A round's results: each party's scores, the gaps, response rates and anonymous comments."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        round_ = selectors.round_get(user=request.user, pk=pk)
        results = selectors.round_results(user=request.user, round_=round_)
        invitation = selectors.respondent_for(user=request.user, round_=round_)
        context = {
            "alliance": round_.alliance,
            "round": round_,
            "invitation": invitation,
            **results_context(results, "gap"),
        }
        return render(request, "health/round_detail.html", context)


class RoundExportView(HealthView):
    """A closed round's aggregate results as CSV: parties' scores per dimension, never answers."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        round_ = selectors.round_get(user=request.user, pk=pk)
        results = selectors.round_results(user=request.user, round_=round_)
        stamp = timezone.localtime(round_.opens_at).strftime("%Y-%m")
        response = csv_download(
            f"{round_.alliance.name} {round_.get_kind_display().lower()} {stamp}.csv"
        )
        write_results_csv(response, results)
        return response


def write_results_csv(out: Any, results: RoundResults) -> None:
    """One row per dimension, a column per party; rates last. Hidden figures stay blank."""
    writer = csv.writer(out)
    parties = results.parties
    writer.writerow(["Dimension", *[csv_cell(p.name) for p in parties], "Gap", "Flagged"])
    for row in results.dimensions if results.published else []:
        scores = [s if s is not None else "" for s in row.scores]
        writer.writerow(
            [
                csv_cell(row.name),
                *scores,
                row.gap if row.gap is not None else "",
                "yes" if row.flagged else "",
            ]
        )
    writer.writerow(
        ["Overall", *[p.overall if p.overall is not None else "" for p in parties], "", ""]
    )
    writer.writerow(["Answered", *[f"{p.responded} of {p.invited}" for p in parties], "", ""])
    writer.writerow(
        ["Shown", *["yes" if p.shown else "not enough responses" for p in parties], "", ""]
    )

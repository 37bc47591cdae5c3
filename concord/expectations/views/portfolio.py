"""The portfolio: every joined alliance's commitments on one page, and their download."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpResponse

from concord.core import clock
from concord.core.exports import csv_download
from concord.core.pages import (
    MemberRequest,
    filtered,
    list_page,
    paginate,
)
from concord.expectations import selectors
from concord.expectations.exports import write_portfolio_csv
from concord.expectations.forms import (
    PAGE_SIZE,
    PortfolioFilterForm,
)
from concord.expectations.views._common import ExpectationsView
from concord.orgs.models import User


def _portfolio_listing(
    request: MemberRequest[User], *, export: bool = False
) -> tuple[PortfolioFilterForm, Any]:
    """The filter form and the commitments it selects. The page hides accepted and waived ones
    until asked; an export is the record, so it keeps them."""
    alliances = selectors.portfolio_alliances(user=request.user)
    form = PortfolioFilterForm(request.GET, alliances=alliances)
    filters = form.filters()
    if export:
        filters = replace(filters, include_closed=True)
    commitments = selectors.portfolio_commitment_list(user=request.user, filters=filters)
    return form, commitments


class PortfolioCommitmentListView(ExpectationsView):
    """Every commitment of every alliance the organisation has joined: who owes what, by when."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form, commitments = _portfolio_listing(request)
        context = {
            "form": form,
            **paginate(request, commitments, PAGE_SIZE),
            "sort": form.filters().sort,
            "filtered": filtered(request, form.fields),
            "summary": selectors.commitment_summary(commitments=commitments),
        }
        return list_page(
            request,
            "expectations/portfolio_commitments.html",
            context,
            results="expectations/_portfolio_commitment_results.html",
            target="portfolio-commitment-results",
        )


class PortfolioCommitmentExportView(ExpectationsView):
    """The organisation-wide commitment list, as filtered, as CSV for the portfolio review."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        _, commitments = _portfolio_listing(request, export=True)
        today = clock.today()
        response = csv_download(f"Commitments {today}.csv")
        write_portfolio_csv(response, commitments, today)
        return response

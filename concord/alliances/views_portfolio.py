"""The portfolio (every alliance with what needs attention, sorted by it), its exports, and the
organisation's attention weights."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.alliances import portfolio as selectors
from concord.alliances import services
from concord.alliances.forms import AttentionWeightsForm, PortfolioFilterForm, SavedViewForm
from concord.alliances.selectors import alliance_get
from concord.alliances.views import AllianceView
from concord.core import clock
from concord.core.exports import csv_cell, csv_download, xlsx_download
from concord.core.pages import ActionView, MemberRequest, ServiceFormView, filtered, list_page
from concord.core.portfolio import attention_factors, portfolio_flags
from concord.orgs.models import User


def filter_form(request: MemberRequest[User]) -> PortfolioFilterForm:
    """The portfolio's filter form, its choices read in the user's scope."""
    return PortfolioFilterForm(
        request.GET,
        partners=selectors.portfolio_partners(user=request.user),
        owners=selectors.portfolio_owners(user=request.user),
        flags=portfolio_flags(),
    )


class PortfolioView(AllianceView):
    """Every alliance of the organisation, with its attention score and reasons, most first."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form = filter_form(request)
        found = selectors.portfolio(user=request.user, filters=form.filters())
        context = {
            "form": form,
            "portfolio": found,
            "filtered": filtered(request, [f for f in form.fields if f != "sort"]),
            "query": request.GET.urlencode(),
            "can_weigh": request.user.membership.is_admin,
            "saved_views": list(selectors.saved_views(user=request.user)),
            "save_form": SavedViewForm(initial={"query": request.GET.urlencode()}),
        }
        return list_page(
            request,
            "alliances/portfolio.html",
            context,
            results="alliances/_portfolio_results.html",
            target="portfolio-results",
        )


def export_rows(found: selectors.Portfolio) -> tuple[list[str], list[list[Any]]]:
    """The portfolio as a header and rows, exact figures (not the page's compact ones)."""
    header = ["Alliance", "Tier", "Phase", "Partners", "Owner", "Attention", "Reasons"]
    header += [c.label for c in found.columns]
    rows = [
        [
            row.alliance.name,
            row.alliance.get_tier_display(),
            row.alliance.get_phase_display(),
            "; ".join(row.partners),
            row.owner.get_full_name() if row.owner else "",
            row.score,
            "; ".join(row.reasons),
            *[_exact(value) for value in row.cells],
        ]
        for row in found.rows
    ]
    return header, rows


def _exact(value: Any) -> Any:
    if value is None or isinstance(value, (int, float)) or hasattr(value, "isoformat"):
        return value
    return str(value)


class PortfolioExportView(AllianceView):
    """The filtered portfolio as CSV or XLSX, for the portfolio review spreadsheet."""

    def get(self, request: MemberRequest[User], fmt: str) -> HttpResponse:
        found = selectors.portfolio(user=request.user, filters=filter_form(request).filters())
        header, rows = export_rows(found)
        name = f"Portfolio {clock.today().isoformat()}"
        if fmt == "xlsx":
            stamp = f"{clock.localtime():%Y-%m-%d %H:%M %Z}"
            return xlsx_download(f"{name}.xlsx", "Portfolio", header, rows, stamp=stamp)
        response = csv_download(f"{name}.csv")
        writer = csv.writer(response)
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [csv_cell(v.isoformat() if hasattr(v, "isoformat") else v) for v in row]
            )
        return response


class AttentionWeightsView(ServiceFormView):
    """An admin sets how much each reason counts towards the portfolio's attention score."""

    forbidden_template = "alliances/forbidden.html"
    title = "Attention weights"
    lead = (
        "How many points each unit of a reason adds to an alliance's attention score on the "
        "portfolio. 0 ignores a reason. Applies to everyone in your organisation."
    )
    service = staticmethod(services.attention_weights_update)
    success = "Attention weights saved."

    def load(self, request: MemberRequest[User], pk: Any) -> None:
        self.require(
            request.user.membership.is_admin, "Only your organisation's admins can change this."
        )
        self.weights = selectors.attention_weights(user=request.user)

    def make_form(self, request: Any, data: Any = None) -> AttentionWeightsForm:
        return AttentionWeightsForm(data, factors=attention_factors(), weights=self.weights)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"weights": dict(form.cleaned_data)}

    def done_url(self, result: Any) -> str:
        return reverse("alliances:portfolio")

    def page_context(self) -> dict[str, Any]:
        return {"cancel_url": reverse("alliances:portfolio")}


def portfolio_url(query: str = "") -> str:
    return reverse("alliances:portfolio") + (f"?{query}" if query else "")


class SavedViewSaveView(ServiceFormView, AllianceView):
    """A person keeps the portfolio's current filters and sort under a name, for them alone."""

    title = "Save this view of the portfolio"
    lead = "The filters and sort you chose, kept under a name only you see."
    service = staticmethod(services.saved_view_save)
    submit = "Save view"

    def load(self, request: MemberRequest[User], pk: Any) -> None:
        self.query = request.POST.get("query", request.GET.urlencode())

    def make_form(self, request: Any, data: Any = None) -> SavedViewForm:
        return SavedViewForm(data, initial={"query": self.query})

    def success_message(self, result: Any) -> str:
        return f"View “{result.name}” saved."

    def done_url(self, result: Any) -> str:
        return portfolio_url(result.query)

    def page_context(self) -> dict[str, Any]:
        return {"cancel_url": portfolio_url(self.query)}


class SavedViewDeleteView(ActionView, AllianceView):
    """A person forgets one of their saved views of the portfolio."""

    lookup = staticmethod(selectors.saved_view_get)
    record = "saved_view"
    service = staticmethod(services.saved_view_delete)

    def back_url(self, found: Any) -> str:
        return portfolio_url()

    def success_message(self, found: Any, result: Any) -> str:
        return f"View “{found.name}” deleted."


class AllianceAttentionView(AllianceView):
    """Why the portfolio ranks an alliance where it does: each reason, its units, its weight.

    The alliance page loads the short form (`?part=tile`) into its summary strip after it has
    rendered, so the page itself keeps its query budget; without script the tile links here."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = alliance_get(user=request.user, pk=pk)
        explained = selectors.attention_explained(user=request.user, alliance=alliance)
        # The strip asks for its tile by name, so the answer never depends on request headers.
        tile = request.GET.get("part") == "tile"
        template = "alliances/_attention_tile.html" if tile else "alliances/alliance_attention.html"
        context = {
            "alliance": alliance,
            "explained": explained,
            "can_weigh": request.user.membership.is_admin,
        }
        return render(request, template, context)

"""Pages of cost sharing: a workstream, its cost entries and quarterly true-ups."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.core.forms import ConcordForm
from concord.core.pages import MemberRequest
from concord.deals import forms, selectors, services
from concord.deals.views._common import ActionView, MoneyView, ServiceFormView, this_quarter
from concord.orgs.models import User


class WorkstreamDetailView(MoneyView):
    """A shared workstream: every quarter's true-up, and the cost lines behind the chosen one."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        workstream = selectors.workstream_get(user=request.user, pk=pk)
        view = selectors.cost_share_overview(user=request.user, workstreams=[workstream])[0]
        entries = selectors.cost_entry_list(user=request.user, workstream=workstream)
        chosen = _chosen_quarter(request.GET.get("period", ""), view)
        if chosen is not None:
            entries = entries.filter(year=chosen.year, quarter=chosen.quarter)
        page = Paginator(entries, forms.PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "alliance": workstream.alliance,
            "view": view,
            "chosen": chosen,
            "page_obj": page,
            "querystring_without_page": f"period={request.GET.get('period', '')}",
            "can": self.permissions(request, workstream.alliance),
        }
        return render(request, "deals/workstream_detail.html", context)


def _chosen_quarter(text: str, view: selectors.WorkstreamView) -> selectors.QuarterTrueUp | None:
    """The quarter asked for as "2025-3", else the latest one."""
    for quarter in view.quarters:
        if text == f"{quarter.year}-{quarter.quarter}":
            return quarter
    return view.quarters[0] if view.quarters else None


class WorkstreamCreateView(ServiceFormView):
    title = "Share the costs of a workstream"
    lead = "The agreed split, e.g. 60/40: each quarter's true-up shows who owes whom."
    submit = "Add workstream"
    success = "Workstream added."
    service = staticmethod(services.workstream_create)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.WorkstreamForm(data, parties=list(self.parties(request)))

    def arguments(self, form: Any) -> dict[str, Any]:
        data = form.cleaned_data
        return {"name": data["name"], "currency": data["currency"], "shares": form.shares()}

    def done_url(self, result: Any) -> str:
        return reverse("deals:workstream-detail", args=[result.pk])


class CostEntryCreateView(ServiceFormView):
    title = "Record a cost"
    submit = "Record cost"
    success = "Cost recorded."
    service = staticmethod(services.cost_entry_record)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.workstream = self.about(
            request, "workstream", selectors.workstream_get(user=request.user, pk=pk)
        )
        sharing = {s.party_id for s in self.workstream.shares.all()}
        self.require(
            self.can.party_id in sharing, "Your organisation has no share in this workstream."
        )
        self.lead = f"A cost your organisation incurred on “{self.workstream.name}” ({self.workstream.currency})."

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.CostEntryForm(data, initial=this_quarter())

    def done_url(self, result: Any) -> str:
        return (
            reverse("deals:workstream-detail", args=[self.workstream.pk])
            + f"?period={result.year}-{result.quarter}"
        )


class CostEntryDisputeView(ServiceFormView):
    title = "Dispute this cost line"
    submit = "Mark as in dispute"
    success = "Marked as in dispute; the other party is told."
    service = staticmethod(services.dispute_raise)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.entry = self.about(
            request, "cost_entry", selectors.cost_entry_get(user=request.user, pk=pk)
        )
        self.lead = f"{self.entry.description} ({self.entry.period_label}). Say what is wrong."

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.ReasonForm(data)

    def done_url(self, result: Any) -> str:
        return reverse("deals:workstream-detail", args=[self.entry.workstream_id])


class TrueUpSettleView(ActionView):
    lookup = staticmethod(selectors.workstream_get)
    record = "workstream"
    service = staticmethod(services.true_up_settle)

    def arguments(self, request: MemberRequest[User], found: Any) -> dict[str, Any]:
        form = forms.TrueUpForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Choose a quarter to true up.")
        self.year, self.quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
        return {"year": self.year, "quarter": self.quarter}

    def back_url(self, found: Any) -> str:
        return reverse("deals:workstream-detail", args=[found.pk])

    def done_url(self, found: Any) -> str:
        return f"{self.back_url(found)}?period={self.year}-{self.quarter}"

    def success_message(self, found: Any, result: Any) -> str:
        return f"{self.year} Q{self.quarter} trued up; the settlement is in the ledger."

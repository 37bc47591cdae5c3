"""Pages of royalty terms, quarterly reports and restatements."""

from __future__ import annotations

from typing import Any

from concord.alliances.models import Programme
from concord.core.forms import ConcordForm
from concord.core.pages import MemberRequest
from concord.deals import forms, selectors, services
from concord.deals.models import RoyaltyTerm
from concord.deals.money import format_money
from concord.deals.views._common import ServiceFormView, this_quarter
from concord.orgs.models import User


class RoyaltyTermCreateView(ServiceFormView):
    title = "Add a royalty"
    lead = "Tiers on annual net sales: each tier's rate applies to the part of the year's sales inside it."
    submit = "Add royalty"
    success = "Royalty added."
    service = staticmethod(services.royalty_term_create)
    anchor = "royalties"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        programmes = Programme.objects.visible_to(request.user).filter(alliance=self.alliance_obj)
        return forms.RoyaltyTermForm(data, parties=self.parties(request), programmes=programmes)

    def arguments(self, form: Any) -> dict[str, Any]:
        return form.term_data()


class RoyaltyReportCreateView(ServiceFormView):
    title = "Report net sales"
    submit = "Report and compute the royalty"
    success = "Reported; the royalty is computed and in the ledger."
    service = staticmethod(services.royalty_report_submit)
    anchor = "royalties"

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.term: RoyaltyTerm = self.about(
            request, "term", selectors.royalty_term_get(user=request.user, pk=pk)
        )
        self.require(
            self.can.is_ours(self.term.payer_id),
            "The party that sells the product reports its sales.",
        )
        self.lead = f"{self.term.title}: quarters of a year are reported in order; tiers count on the year's sales so far."

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.RoyaltyReportForm(data, initial=this_quarter())


class RoyaltyReportRestateView(ServiceFormView):
    title = "Restate a quarter's net sales"
    submit = "Restate and recompute the royalty"
    success = "Restated; the year's royalty is recomputed and the difference is in the ledger."
    service = staticmethod(services.royalty_report_restate)
    anchor = "royalties"

    def load(self, request: MemberRequest, pk: int) -> None:
        self.report = self.about(
            request, "report", selectors.royalty_report_get(user=request.user, pk=pk)
        )
        self.require(
            self.can.is_ours(self.report.term.payer_id),
            "The party that sells the product restates its sales.",
        )
        figure = format_money(self.report.current_net_sales, self.report.term.currency)
        self.title = f"Restate {self.report.period_label} net sales of {self.report.term.title}"
        self.lead = (
            f"They stand at {figure}. The year's royalty is recomputed on its tiers; the "
            "difference is a further payment, or a credit owed back. The partner sees both "
            "figures and your reason, and the figures reported before are kept."
        )

    def make_form(self, request: MemberRequest, data: Any = None) -> ConcordForm:
        return forms.RoyaltyRestatementForm(data)

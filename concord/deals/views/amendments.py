"""Pages of amendments: the history of the agreed terms' versions, a proposal, and each party's
own answer (approve, reject) or the proposer's withdrawal."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.core.forms import ConcordForm
from concord.core.pages import MemberRequest
from concord.deals import forms, selectors, services
from concord.deals.models import Amendment
from concord.deals.views._common import ActionView, MoneyView, ServiceFormView
from concord.orgs.models import User


def amendments_url(alliance_id: int) -> str:
    return reverse("deals:amendment-list", args=[alliance_id])


class AmendmentListView(MoneyView):
    """Every amendment of the deal, visible to both parties: old → new, who proposed and who
    answered, when, from which date, and why; those awaiting an answer first."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        context = {
            "alliance": alliance,
            "can": self.permissions(request, alliance),
            "rows": selectors.amendment_history(user=request.user, alliance=alliance),
            "terms": selectors.deal_terms_for(user=request.user, alliance=alliance),
            "reject_form": forms.ReasonForm(),
        }
        return render(request, "deals/amendments.html", context)


class AmendmentProposeView(ServiceFormView):
    title = "Propose an amendment"
    lead = (
        "The deal is signed: an agreed term changes only when the other party approves the "
        "amendment. Your proposal counts as your party's approval."
    )
    submit = "Propose the amendment"
    success = "Amendment proposed; the other party is asked to approve it."
    service = staticmethod(services.amendment_propose)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        terms = selectors.amendable_terms(user=request.user, alliance=self.alliance_obj)
        return forms.AmendmentForm(data, terms=terms, parties=list(self.parties(request)))

    def arguments(self, form: Any) -> dict[str, Any]:
        return form.proposal()

    def done_url(self, result: Any) -> str:
        return amendments_url(self.alliance_obj.pk)


class AmendmentActionView(ActionView):
    """A button on the amendments page: back to it whatever the outcome."""

    lookup = staticmethod(selectors.amendment_get)
    record = "amendment"

    def back_url(self, found: Amendment) -> str:
        return amendments_url(found.alliance_id)


class AmendmentApproveView(AmendmentActionView):
    """The one approval step of an amendment on a page (the API's approve is the other)."""

    service = staticmethod(services.amendment_approve)
    success = "Approved for your party."


class AmendmentRejectView(AmendmentActionView):
    service = staticmethod(services.amendment_reject)
    form_class = forms.ReasonForm
    field = "reason"
    success = "Rejected; the term stays as agreed."


class AmendmentWithdrawView(AmendmentActionView):
    service = staticmethod(services.amendment_withdraw)
    success = "Amendment withdrawn."

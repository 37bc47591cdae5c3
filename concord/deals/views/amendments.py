"""Pages of amendments: the history of the agreed terms' versions, a proposal, and each party's
own answer (approve, reject) or the proposer's withdrawal."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.core.forms import ConcordForm
from concord.core.pages import MemberRequest
from concord.core.signatures import SignatureForm, signatures_by_subject
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
        rows = selectors.amendment_history(user=request.user, alliance=alliance)
        amendments = [row.amendment for row in rows]
        for row in rows:
            if row.amendment.is_pending:  # each answer's own signed form, ids unique per row
                row.approve_form = forms.AmendmentApproveForm(auto_id=f"id_approve{row.pk}_%s")
                row.reject_form = forms.AmendmentRejectForm(auto_id=f"id_reject{row.pk}_%s")
        context = {
            "alliance": alliance,
            "can": self.permissions(request, alliance),
            "rows": rows,
            "signatures": signatures_by_subject(user=request.user, subjects=amendments),
            "terms": selectors.deal_terms_for(user=request.user, alliance=alliance),
        }
        return render(request, "deals/amendments.html", context)


class AmendmentProposeView(ServiceFormView):
    title = "Propose an amendment"
    lead = (
        "The deal is signed: an agreed term changes only when the other party approves the "
        "amendment. Your proposal counts as your party's approval, signed with your password."
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


class SignedAnswerView(AmendmentActionView):
    """An answer signed electronically: the form's password and meaning go to the service,
    which names what is wrong with them (shown as a message back on the amendments page)."""

    def arguments(self, request: Any, found: Any) -> dict[str, Any]:
        arguments = super().arguments(request, found) if self.field else {}
        form = self.form_class(request.POST) if self.form_class else None
        assert isinstance(form, SignatureForm)
        form.is_valid()
        signature = form.signature()
        # A meaning that does not fit the act goes on as given, so the refusal names the fit one.
        signature["meaning"] = signature["meaning"] or str(request.POST.get("meaning", ""))
        return {**arguments, **signature}


class AmendmentApproveView(SignedAnswerView):
    """The one approval step of an amendment on a page (the API's approve is the other)."""

    service = staticmethod(services.amendment_approve)
    form_class = forms.AmendmentApproveForm
    success = "Approved for your party, signed."


class AmendmentRejectView(SignedAnswerView):
    service = staticmethod(services.amendment_reject)
    form_class = forms.AmendmentRejectForm
    field = "reason"
    success = "Rejected; the term stays as agreed."


class AmendmentWithdrawView(AmendmentActionView):
    service = staticmethod(services.amendment_withdraw)
    success = "Amendment withdrawn."

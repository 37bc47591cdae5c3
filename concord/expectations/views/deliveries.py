"""Pages that move a commitment along: delivering, accepting or rejecting, waiving and disputing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse

from concord.core.forms import ConcordForm
from concord.core.pages import (
    MemberRequest,
    ServiceFormView,
)
from concord.expectations import selectors, services
from concord.expectations.forms import (
    DeliveryForm,
    JudgementForm,
    ReasonForm,
    ResolveForm,
)
from concord.expectations.models import Commitment
from concord.expectations.views._common import ExpectationsView, commitment_url
from concord.expectations.views.commitments import CommitmentFormView, render_commitment
from concord.orgs.models import User


class CommitmentDeliverView(CommitmentFormView):
    """The owing party delivers (again, after a rejection)."""

    right = "deliver"
    anchor = "deliveries"
    submit = "Deliver"
    service = staticmethod(services.commitment_deliver)

    def refusal(self) -> str:
        return (
            f"Only {self.commitment.owner_party.organisation}, which owes it, can deliver, "
            "and only while it is owed and not in dispute."
        )

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DeliveryForm:
        return DeliveryForm(data)

    def success_message(self, result: Any) -> str:
        owed = self.commitment.receiving_party.organisation
        return f"Delivered. {owed} is asked to accept it."

    def page_context(self) -> dict[str, Any]:
        commitment = self.commitment
        lead = (
            f"{commitment.receiving_party.organisation} will judge it against these "
            f"criteria: {commitment.acceptance_criteria}"
        )
        return {**super().page_context(), "title": f"Deliver “{commitment}”", "lead": lead}


class CommitmentPageFormView(ServiceFormView, ExpectationsView):
    """A form on a commitment's own page (sent, never shown alone): a refusal shows the page
    again with the form and its errors in place; success goes back to the page at `anchor`."""

    http_method_names = ["post"]
    form_name = ""  # the commitment page's name for the form
    anchor = ""

    def about_commitment(self, request: MemberRequest[User], name: str, record: Any) -> None:
        self.commitment = record if isinstance(record, Commitment) else record.commitment
        self.about(request, name, record)

    def done_url(self, result: Any) -> str:
        return commitment_url(self.commitment.pk, self.anchor)

    def show(self, request: MemberRequest[User], form: ConcordForm) -> HttpResponse:
        return render_commitment(request, self.commitment, **{self.form_name: form})


def _delivery_judge(*, accept: bool, **kwargs: Any) -> Any:
    """Accept or reject a delivery, as the party owed decided."""
    return (services.delivery_accept if accept else services.delivery_reject)(**kwargs)


class DeliveryJudgeView(CommitmentPageFormView):
    """The party owed accepts a delivery, or rejects it saying why."""

    form_name = "judgement_form"
    anchor = "deliveries"
    service = staticmethod(_delivery_judge)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.about_commitment(request, "delivery", selectors.delivery_get(user=request.user, pk=pk))

    def make_form(self, request: MemberRequest[User], data: Any = None) -> JudgementForm:
        return JudgementForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        self.accept = form.cleaned_data["decision"] == "accept"
        return {"accept": self.accept, "comment": form.cleaned_data["comment"]}

    def success_message(self, result: Any) -> str:
        verdict = "accepted: the commitment is met" if self.accept else "rejected; it is owed again"
        return f"Delivery {verdict}."


class CommitmentReasonView(CommitmentPageFormView):
    """Waive or dispute a commitment, saying why: the page's form of that name."""

    level = messages.INFO

    def load(self, request: MemberRequest[User], pk: int) -> None:
        commitment = selectors.commitment_get(user=request.user, pk=pk)
        self.about_commitment(request, "commitment", commitment)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ReasonForm:
        return ReasonForm(data, prefix=self.form_name.removesuffix("_form"))

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"reason": form.cleaned_data["reason"]}


class CommitmentWaiveView(CommitmentReasonView):
    """The party owed waives the commitment, saying why."""

    form_name = "waive_form"
    success = "Commitment waived; it leaves the scorecard."
    service = staticmethod(services.commitment_waive)


class CommitmentDisputeView(CommitmentReasonView):
    """Either party puts the commitment in dispute, with a reason."""

    form_name = "dispute_form"
    anchor = "disputes"
    success = "The commitment is in dispute; both parties are told."
    service = staticmethod(services.commitment_dispute)


class DisputeResolveView(CommitmentPageFormView):
    """Record how a dispute was resolved."""

    form_name = "resolve_form"
    anchor = "disputes"
    success = "Dispute resolved."
    service = staticmethod(services.dispute_resolve)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.about_commitment(request, "dispute", selectors.dispute_get(user=request.user, pk=pk))

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ResolveForm:
        return ResolveForm(data)

"""Pages of the deal's terms, fees and milestones."""

from __future__ import annotations

from typing import Any

from concord.alliances.models import Programme
from concord.core import clock
from concord.core.forms import ConcordForm
from concord.core.pages import MemberRequest
from concord.deals import forms, selectors, services
from concord.deals.models import Milestone
from concord.deals.views._common import ActionView, ServiceFormView, initial_from
from concord.orgs.models import User


class DealTermsEditView(ServiceFormView):
    title = "Deal terms"
    lead = "The agreement's frame. Payment terms set when each triggered payment falls due."
    submit = "Save deal terms"
    success = "Deal terms saved."
    service = staticmethod(services.deal_terms_save)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        terms = selectors.deal_terms_for(user=request.user, alliance=self.alliance_obj)
        fields = ("signed_on", "summary", "payment_days", "nudge_days")
        return forms.DealTermsForm(data, initial=initial_from(terms, fields))


class FeeCreateView(ServiceFormView):
    title = "Add a fee"
    lead = "Upfront payments, equity investments and option fees: fixed sums due on a date."
    submit = "Add fee"
    success = "Fee added; it is in the ledger as due."
    service = staticmethod(services.fee_create)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.FeeForm(data, parties=self.parties(request))


class MilestoneCreateView(ServiceFormView):
    title = "Add a milestone"
    lead = (
        "Each milestone is payable once per programme and indication. Development milestones "
        "form a sequence: when a later one is achieved, earlier unpaid ones become payable too."
    )
    submit = "Add milestone"
    success = "Milestone added."
    service = staticmethod(services.milestone_create)
    anchor = "milestones"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        programmes = Programme.objects.visible_to(request.user).filter(alliance=self.alliance_obj)
        return forms.MilestoneForm(data, parties=self.parties(request), programmes=programmes)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {**form.cleaned_data, "region": form.cleaned_data["region"] or ""}


class MilestoneFormView(ServiceFormView):
    """A form about one milestone."""

    anchor = "milestones"

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.milestone = self.about(
            request, "milestone", selectors.milestone_get(user=request.user, pk=pk)
        )


class MilestoneNotifyView(MilestoneFormView):
    title = "Notify a milestone achieved"
    lead = "The other party confirms it; then it is payable."
    submit = "Notify the other party"
    success = "Notified; the other party will confirm it."
    service = staticmethod(services.milestone_notify)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        self.title = f"Notify “{self.milestone.title}” achieved"
        return forms.MilestoneNotifyForm(data, initial={"achieved_on": clock.today()})


class MilestoneRejectView(MilestoneFormView):
    title = "Do not confirm this milestone"
    lead = "The notifying party reads your reason; the milestone goes back to not achieved."
    submit = "Send reason"
    success = "The milestone is back to not achieved; the other party has your reason."
    service = staticmethod(services.milestone_reject)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        super().load(request, pk)
        self.require(
            not self.can.is_ours(self.milestone.notifying_party_id),
            "The other party confirms or rejects a milestone your organisation notified.",
        )

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        return forms.ReasonForm(data)


class MilestoneConfirmView(ActionView):
    lookup = staticmethod(selectors.milestone_get)
    record = "milestone"
    service = staticmethod(services.milestone_confirm)
    anchor = "milestones"

    def success_message(self, found: Milestone, result: Any) -> str:
        return f"“{found.title}” confirmed: it is payable."

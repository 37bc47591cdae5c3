"""Pages of Build-to-Buy: tranches and the option."""

from __future__ import annotations

from typing import Any

from concord.core.forms import ConcordForm
from concord.core.pages import MemberRequest
from concord.deals import forms, selectors, services
from concord.deals.models import BuyOption, Tranche
from concord.deals.views._common import ActionView, ServiceFormView, initial_from
from concord.orgs.models import User


class TrancheCreateView(ServiceFormView):
    title = "Add a Build-to-Buy tranche"
    lead = "Tranches are released in order, each when its named milestone is met."
    submit = "Add tranche"
    success = "Tranche added."
    service = staticmethod(services.tranche_create)
    anchor = "build-to-buy"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        milestones = selectors.milestone_list(user=request.user, alliance=self.alliance_obj)
        return forms.TrancheForm(data, parties=self.parties(request), milestones=milestones)


class OptionEditView(ServiceFormView):
    title = "Option to license or acquire"
    lead = "The holder can exercise it only inside the window, at the pre-agreed price."
    submit = "Save option"
    success = "Option saved."
    service = staticmethod(services.option_save)
    anchor = "build-to-buy"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcordForm:
        option = selectors.option_for(user=request.user, alliance=self.alliance_obj)
        fields = (
            "kind",
            "price",
            "currency",
            "holder",
            "grantor",
            "window_opens",
            "window_closes",
            "terms",
        )
        initial = initial_from(option, fields)
        return forms.OptionForm(data, parties=self.parties(request), initial=initial)


class TrancheReleaseView(ActionView):
    lookup = staticmethod(selectors.tranche_get)
    record = "tranche"
    service = staticmethod(services.tranche_release)
    anchor = "build-to-buy"

    def success_message(self, found: Tranche, result: Any) -> str:
        return f"Tranche {found.sequence} released; it is in the ledger."


class OptionExerciseView(ActionView):
    record = "option"
    service = staticmethod(services.option_exercise)
    success = "Option exercised; the price is due."
    anchor = "build-to-buy"

    def find(self, request: MemberRequest[User], pk: int) -> BuyOption:
        alliance = self.alliance(request, pk)
        option = selectors.option_for(user=request.user, alliance=alliance)
        if option is None:
            raise BuyOption.DoesNotExist
        return option

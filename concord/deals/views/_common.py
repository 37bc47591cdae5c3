"""What every money page shares: the base view and its role check, the form and one-click action
views, and the links back to the money page and the ledger."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from concord.alliances.models import Alliance
from concord.core import clock, pages
from concord.core.pages import MemberRequest, ScopedView
from concord.deals import selectors
from concord.deals.selectors import MoneyPermissions
from concord.orgs.models import User

WRITERS_ONLY = "Only alliance managers and finance people of a party write money records."


def money_url(alliance_id: int, anchor: str = "") -> str:
    url = reverse("deals:alliance-money", args=[alliance_id])
    return f"{url}#{anchor}" if anchor else url


def ledger_url(alliance_id: int) -> str:
    return reverse("deals:alliance-ledger", args=[alliance_id])


class MoneyView(ScopedView):
    """Base for money pages: not a joined party → 404; a refused role → the 403 page."""

    forbidden_template = "alliances/forbidden.html"

    def alliance(self, request: MemberRequest[User], pk: int) -> Alliance:
        return selectors.money_alliance(user=request.user, pk=pk)

    def permissions(self, request: MemberRequest[User], alliance: Alliance) -> MoneyPermissions:
        return selectors.money_permissions(user=request.user, alliance=alliance)

    def writer(self, request: MemberRequest[User], alliance: Alliance) -> MoneyPermissions:
        can = self.permissions(request, alliance)
        self.require(can.write, WRITERS_ONLY)
        return can


# --- Writing: one form per service -------------------------------------------------------------


def this_quarter() -> dict[str, int]:
    """The initial year and quarter of a form that records a quarter's figures."""
    today = clock.today()
    return {"year": today.year, "quarter": (today.month - 1) // 3 + 1}


class ServiceFormView(pages.ServiceFormView, MoneyView):
    """A money page holding one form that runs one service (see core's ServiceFormView).

    A page is about the alliance in its URL unless its `load` names another record with `about`;
    only the record alliance's writers see it, and it goes back to the money page's `anchor`.
    """

    template_name = "deals/form_page.html"
    anchor = ""  # the money page's section to return to

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.about(request, "alliance", self.alliance(request, pk))

    def about(self, request: MemberRequest[User], name: str, record: Any) -> Any:
        """The page acts on `record` (the service's keyword `name`): refuse all but its writers."""
        self.alliance_obj: Alliance = record if isinstance(record, Alliance) else record.alliance
        self.can = self.writer(request, self.alliance_obj)
        return super().about(request, name, record)

    def done_url(self, result: Any) -> str:
        return money_url(self.alliance_obj.pk, self.anchor)

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance_obj, "cancel_url": money_url(self.alliance_obj.pk)}

    def parties(self, request: MemberRequest[User]) -> Any:
        return selectors.accepted_parties(user=request.user, alliance=self.alliance_obj)


def initial_from(record: Any, fields: tuple[str, ...]) -> dict[str, Any] | None:
    """A form's initial values from the record it edits, or None when there is none yet."""
    return {f: getattr(record, f) for f in fields} if record else None


# --- One-click actions -------------------------------------------------------------------------


class ActionView(pages.ActionView, MoneyView):
    """A button that runs one service (see core's ActionView); a refusal shows as a message."""

    anchor = ""  # the money page's section the button is on

    def back_url(self, found: Any) -> str:
        return money_url(found.alliance_id, self.anchor)

"""Pages of the wind-down: the alliance's wind-down tab, and the forms that start it, shape its
checklist, complete items with evidence, track surviving obligations and close the alliance."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.alliances import selectors as alliance_selectors
from concord.core.attachments import attachments_for
from concord.core.pages import ActionView, MemberRequest, ScopedView, ServiceFormView
from concord.orgs.models import User
from concord.winddown import selectors, services
from concord.winddown.forms import (
    CloseForm,
    EvidenceForm,
    ItemForm,
    LessonsForm,
    ObligationForm,
    StartForm,
)
from concord.winddown.models import WindDown


def overview_url(alliance_pk: int) -> str:
    return reverse("winddown:overview", args=[alliance_pk])


def _membership(request: MemberRequest[User]) -> Any:
    return getattr(request.user, "membership", None)


def _writer(request: MemberRequest[User]) -> bool:
    membership = _membership(request)
    return membership is not None and not membership.is_read_only


def _manager(request: MemberRequest[User]) -> bool:
    membership = _membership(request)
    return membership is not None and membership.can_manage_alliances


class WindDownPage(ScopedView):
    forbidden_template = "alliances/forbidden.html"


class WindDownView(WindDownPage):
    """The alliance's wind-down: countdown, checklist, surviving obligations, closing, lessons."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        wind_down = selectors.winddown_for(user=request.user, alliance=alliance)
        context: dict[str, Any] = {
            "alliance": alliance,
            "wind_down": wind_down,
            "can_manage": _manager(request),
            "can_write": _writer(request),
        }
        if wind_down is not None:
            items = selectors.item_list(user=request.user, wind_down=wind_down)
            for item in items:  # the evidence the document room links to each item
                item.documents = attachments_for(request.user, item)  # type: ignore[attr-defined]
                # One form per open item, its own ids, so each label names its own field.
                item.evidence_form = EvidenceForm(auto_id=f"id_item{item.pk}_%s")  # type: ignore[attr-defined]
            own = alliance_selectors.accepted_party(user=request.user, alliance=alliance)
            context |= {
                "items": items,
                "open_items": sum(1 for item in items if not item.is_done),
                "own_party": own,
                "obligations": selectors.obligation_list(user=request.user, wind_down=wind_down),
                "closing": selectors.closing(user=request.user, wind_down=wind_down),
                "close_form": CloseForm(),
            }
        return render(request, "winddown/overview.html", context)


class WindDownFormView(ServiceFormView, WindDownPage):
    """A form on a wind-down, for the alliance managers of its parties."""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.wind_down = selectors.winddown_get(user=request.user, pk=pk)
        self.alliance = self.wind_down.alliance
        self.require(_manager(request), services.ROLE_RULE)
        self.parties = alliance_selectors.joined_parties(user=request.user, alliance=self.alliance)
        self.about(request, "wind_down", self.wind_down)

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": overview_url(self.alliance.pk)}

    def done_url(self, result: Any) -> str:
        return overview_url(self.alliance.pk)


class StartView(WindDownFormView):
    title = "Start the wind-down"
    lead = "Say how the alliance ends and when notice was given; the checklist starts from the usual exit tasks, which you can then edit."
    submit = "Start the wind-down"
    success = "The wind-down has started."
    service = staticmethod(services.winddown_start)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance = selectors.joined_alliance(user=request.user, pk=pk)
        self.require(_manager(request), services.ROLE_RULE)
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> StartForm:
        return StartForm(data)


class ItemAddView(WindDownFormView):
    title = "Add a checklist item"
    submit = "Add item"
    success = "Item added to the checklist."
    service = staticmethod(services.item_add)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ItemForm:
        return ItemForm(data, parties=self.parties)


class ObligationAddView(WindDownFormView):
    title = "Track a surviving obligation"
    lead = "A duty that outlives the alliance — royalties, confidentiality for N years, audit rights — tracked to its end date."
    submit = "Track obligation"
    success = "Surviving obligation recorded."
    service = staticmethod(services.obligation_add)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ObligationForm:
        return ObligationForm(data, parties=self.parties)


class LessonsView(WindDownFormView):
    title = "Lessons learned"
    lead = "What went well, what did not, and what the next alliance should do differently."
    submit = "Save lessons"
    success = "Lessons learned recorded."
    service = staticmethod(services.lessons_record)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> LessonsForm:
        return LessonsForm(data, initial={"lessons": self.wind_down.lessons})


class WindDownAction(ActionView, WindDownPage):
    """A button on the wind-down tab; it returns there."""

    def back_url(self, found: Any) -> str:
        wind_down = found if isinstance(found, WindDown) else found.wind_down
        return overview_url(wind_down.alliance_id)


class ItemCompleteView(WindDownAction):
    lookup = staticmethod(selectors.item_get)
    record = "item"
    service = staticmethod(services.item_complete)
    form_class = EvidenceForm
    field = "evidence"
    success = "Item completed."


class ItemRemoveView(WindDownAction):
    lookup = staticmethod(selectors.item_get)
    record = "item"
    service = staticmethod(services.item_remove)
    success = "Item removed from the checklist."


class CloseView(WindDownAction):
    lookup = staticmethod(selectors.winddown_get)
    record = "wind_down"
    service = staticmethod(services.winddown_close)
    form_class = CloseForm
    field = "note"

    def success_message(self, found: Any, result: Any) -> str:
        if result.is_closed:
            return "Every party has closed: the alliance is closed and kept as an archive."
        return "Your organisation has closed the alliance; the other parties are awaited."

"""Requests for partners, as the receiving team posts and follows them."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.core.pages import MemberRequest, ServiceFormView
from concord.orgs.models import User
from concord.portal import selectors, services
from concord.portal.forms.team import PartnerRequestForm
from concord.portal.views.team.base import PortalTeamView, team_permissions

REQUESTS_REFUSED = "Only business development, alliance managers and admins post requests."


class PartnerRequestListView(PortalTeamView):
    """The organisation's requests for partners: responses so far and when each is decided."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        context = {
            "portal": selectors.own_portal(user=request.user),
            "can": team_permissions(request.user),
            "requests": list(selectors.partner_request_list(user=request.user)),
        }
        return render(request, "portal/team/requests.html", context)


class PartnerRequestFormView(ServiceFormView, PortalTeamView):
    """Shared by posting and editing a request for partners."""

    template_name = "portal/team/area_form.html"
    lead = (
        "Published on your public page with its closing day and decision day. Responses are "
        "submissions linked to the request: the same rubric, reviewers and service levels."
    )
    service = staticmethod(services.partner_request_save)

    def load(self, request: MemberRequest[User], pk: int | None) -> None:
        # Another organisation's request is a 404 before any question of role.
        found = None if pk is None else selectors.partner_request_list(user=request.user).get(pk=pk)
        self.require_deciding(request, REQUESTS_REFUSED)
        self.about(request, "partner_request", found)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> PartnerRequestForm:
        if data is not None:
            return PartnerRequestForm(data)
        found = self.subject["partner_request"]
        if found is None:
            return PartnerRequestForm()
        return PartnerRequestForm(
            initial={name: getattr(found, name) for name in services.REQUEST_FIELDS}
        )

    def success_message(self, result: Any) -> str:
        return f"Request for partners “{result}” saved; it is on your public page."

    def done_url(self, result: Any) -> str:
        return reverse("portal:requests")

    def page_context(self) -> dict[str, Any]:
        return {"cancel_url": reverse("portal:requests")}


class PartnerRequestCreateView(PartnerRequestFormView):
    title = "New request for partners"
    submit = "Post the request"


class PartnerRequestUpdateView(PartnerRequestFormView):
    title = "Edit the request for partners"
    submit = "Save the request"

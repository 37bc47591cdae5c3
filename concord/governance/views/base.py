"""What every governance page shares: the scoped base view, permissions, and small helpers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render

from concord.alliances.models import Alliance
from concord.core.forms import ConcordForm
from concord.core.pages import ActionView, MemberRequest, ScopedView, ServiceFormView
from concord.governance import selectors
from concord.governance.selectors import GovernancePermissions
from concord.orgs.models import User

PAGE_SIZE = 25


class GovernanceView(ScopedView):
    """Base for governance pages: out-of-scope records are 404, refused roles get the 403 page."""

    forbidden_template = "alliances/forbidden.html"

    def can(self, request: MemberRequest[User], alliance: Alliance) -> GovernancePermissions:
        return selectors.permissions_for(user=request.user, alliance=alliance)

    def allowed(
        self, request: MemberRequest[User], alliance: Alliance, right: str, message: str
    ) -> GovernancePermissions:
        """The person's rights, refusing the page unless `right` holds."""
        can = self.can(request, alliance)
        self.require(bool(getattr(can, right)), message)
        return can


class GovernanceFormView(ServiceFormView, GovernanceView):
    """A governance page holding one form that runs one service (see core's ServiceFormView);
    `load` sets the alliance and where Cancel goes."""

    alliance: Alliance
    cancel_url: str

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": self.cancel_url}


class RecordActionView(ActionView, GovernanceView):
    """One button on a governance record's page (see core's ActionView)."""


def page(
    request: MemberRequest[User], template: str, alliance: Alliance, **context: Any
) -> HttpResponse:
    """A governance page: the alliance, its section bar, and the page's own context."""
    return render(request, template, {"alliance": alliance, **context})


def form_errors_to_messages(request: MemberRequest[User], form: ConcordForm) -> None:
    """Errors of a form shown inside a busy page, listed at the top of it."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def record_id(value: str | None) -> int | None:
    """A record id from a form or query string, or None if it could not be one."""
    if value and value.isdigit() and len(value) < 19:
        return int(value)
    return None

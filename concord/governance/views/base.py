"""What every governance page shares: the scoped base view, permissions, and small helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.alliances.models import Alliance
from concord.core.forms import ConcordForm
from concord.core.pages import ScopedView
from concord.governance import selectors
from concord.governance.selectors import GovernancePermissions
from concord.orgs.models import User

PAGE_SIZE = 25


class MemberRequest(HttpRequest):
    """A signed-in person's request (the views require login)."""

    user: User  # type: ignore[assignment]


class GovernanceView(ScopedView):
    """Base for governance pages: out-of-scope records are 404, refused roles get the 403 page."""

    forbidden_template = "alliances/forbidden.html"

    def can(self, request: MemberRequest, alliance: Alliance) -> GovernancePermissions:
        return selectors.permissions_for(user=request.user, alliance=alliance)

    def allowed(
        self, request: MemberRequest, alliance: Alliance, right: str, message: str
    ) -> GovernancePermissions:
        """The person's rights, refusing the page unless `right` holds."""
        can = self.can(request, alliance)
        self.require(bool(getattr(can, right)), message)
        return can


class RecordActionView(GovernanceView):
    """One button on a record's page: find the record in the person's scope, read the form's one
    optional text field, run the service and go back to the record's page with the outcome.

    A subclass names the selector, the service's keyword for the record, the service, the form
    and field (if any), the message on success and the record page's URL name.
    """

    lookup: Callable[..., Any]
    record: str
    service: Callable[..., Any]
    form_class: type[ConcordForm] | None = None
    field: str = ""
    success: str
    back_to: str

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        found = type(self).lookup(user=request.user, pk=pk)
        text = {}
        if self.form_class is not None:
            form = self.form_class(request.POST)
            form.is_valid()  # an invalid field is left empty, and the service names the problem
            text[self.field] = form.cleaned_data.get(self.field, "")
        return act(
            request,
            type(self).service,
            self.success,
            reverse(self.back_to, args=[pk]),
            actor=request.user,
            **{self.record: found},
            **text,
        )


def page(request: MemberRequest, template: str, alliance: Alliance, **context: Any) -> HttpResponse:
    """A governance page: the alliance, its section bar, and the page's own context."""
    return render(request, template, {"alliance": alliance, **context})


def form_page(request: MemberRequest, form: ConcordForm, **context: Any) -> HttpResponse:
    """A page holding one form (the alliances' layout): title, lead, submit label, Cancel."""
    return render(request, "alliances/form_page.html", {"form": form, **context})


def act(
    request: MemberRequest, service: Callable[..., Any], success: str, to: str, **kwargs: Any
) -> HttpResponse:
    """Run a one-button service; a refusal becomes an error message on the page it came from."""
    try:
        service(**kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(to)


def paginate(request: MemberRequest, items: Any) -> tuple[Page, str]:
    """One page of a list, and the query string without the page for the pagination links."""
    page_obj = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page_obj, query.urlencode()


def form_errors_to_messages(request: MemberRequest, form: ConcordForm) -> None:
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

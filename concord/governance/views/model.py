"""The operating model (diagram and RACI table) and each person's calendar feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from concord.core import clock
from concord.core.calendar import calendar_entries
from concord.core.exports import content_disposition, download
from concord.core.pages import MemberRequest, act, attempt
from concord.governance import diagram, ics, selectors, services
from concord.governance.forms import WorkstreamForm
from concord.governance.models import Workstream
from concord.governance.views.base import (
    GovernanceView,
    form_errors_to_messages,
    page,
)
from concord.governance.views.records import _joined_alliance
from concord.orgs.models import User


def model_url(alliance_id: int, anchor: str = "") -> str:
    url = reverse("governance:operating-model", args=[alliance_id])
    return f"{url}#{anchor}" if anchor else url


class OperatingModelView(GovernanceView):
    """The Operating Model drawn from live data, beside the editable RACI table."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        data = diagram.model_data(user=request.user, alliance=alliance)
        can = self.can(request, alliance)
        committees = selectors.committee_list(user=request.user, alliance=alliance)
        rows = [
            (
                w,
                WorkstreamForm(
                    prefix=f"ws{w.pk}",
                    form_id=f"ws-form-{w.pk}",
                    parties=data.parties,
                    committees=committees,
                    initial=_initial(w),
                ),
            )
            for w in data.workstreams
        ]
        return page(
            request,
            "governance/operating_model.html",
            alliance,
            data=data,
            can=can,
            svg=_svg_or_empty(data),
            unavailable=diagram.UNAVAILABLE,
            rows=rows,
            new_form=WorkstreamForm(
                prefix="new", form_id="ws-form-new", parties=data.parties, committees=committees
            ),
        )


def _svg_or_empty(data: diagram.ModelData) -> str:
    """The drawn diagram, or "" when no layout program is installed (the page says so)."""
    try:
        return diagram.inline_svg(diagram.operating_model(data))
    except diagram.DiagramUnavailable:
        return ""


def _initial(workstream: Workstream) -> dict[str, Any]:
    letters = {f"raci_{r.party_id}": r.role for r in workstream.raci.all()}
    return {
        "name": workstream.name,
        "description": workstream.description,
        "committee": workstream.committee,
        **letters,
    }


class OperatingModelDownloadView(GovernanceView):
    """The diagram as an SVG or PNG file."""

    def get(self, request: MemberRequest[User], pk: int, fmt: str) -> HttpResponse:
        if fmt not in diagram.FORMATS:
            raise Http404("No such format.")
        alliance = _joined_alliance(self, request, pk)
        dot = diagram.operating_model(diagram.model_data(user=request.user, alliance=alliance))
        try:
            drawn = diagram.render(dot, fmt)
        except diagram.DiagramUnavailable:
            messages.error(request, diagram.UNAVAILABLE)
            return redirect(model_url(alliance.pk))
        return download(drawn, diagram.FORMATS[fmt], f"{alliance.name} operating model.{fmt}")


class WorkstreamSaveView(GovernanceView):
    """Add a workstream, or change one row of the RACI table."""

    def post(
        self, request: MemberRequest[User], pk: int, workstream: Workstream | None = None
    ) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        self.allowed(
            request, alliance, "manage", "Only alliance managers edit the operating model."
        )
        prefix = f"ws{workstream.pk}" if workstream else "new"
        form = WorkstreamForm(
            request.POST,
            prefix=prefix,
            parties=selectors.parties_of(user=request.user, alliance=alliance),
            committees=selectors.committee_list(user=request.user, alliance=alliance),
        )
        if form.is_valid():
            saved = attempt(
                form,
                services.workstream_save,
                actor=request.user,
                alliance=alliance,
                workstream=workstream,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                committee=form.cleaned_data["committee"],
                raci=form.raci(),
            )
            if saved is not None:
                messages.success(request, f"Workstream {saved.name} saved; the diagram is redrawn.")
        form_errors_to_messages(request, form)
        return redirect(model_url(alliance.pk, "raci"))


class WorkstreamUpdateView(WorkstreamSaveView):
    def post(
        self, request: MemberRequest[User], pk: int, workstream: Workstream | None = None
    ) -> HttpResponse:
        found = selectors.workstream_get(user=request.user, pk=pk)
        return super().post(request, found.alliance_id, workstream=found)


class WorkstreamRemoveView(GovernanceView):
    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        workstream = selectors.workstream_get(user=request.user, pk=pk)
        return act(
            request,
            services.workstream_remove,
            f"Workstream {workstream.name} removed.",
            model_url(workstream.alliance_id, "raci"),
            actor=request.user,
            workstream=workstream,
        )


# --- Calendar ------------------------------------------------------------------------------------


class CalendarView(GovernanceView):
    """“My calendar”: the person's secret feed URL, to subscribe to in any calendar client.

    Only the token's hash is stored, so the full URL is shown once, right after it is made.
    """

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        return self.show(request)

    def post(self, request: MemberRequest[User]) -> HttpResponse:
        if request.POST.get("action") == "revoke":
            return act(
                request,
                services.calendar_feed_revoke,
                "Your calendar feed is switched off.",
                reverse("governance:calendar"),
                actor=request.user,
            )
        token = services.calendar_feed_rotate(actor=request.user)
        url = request.build_absolute_uri(reverse("governance:calendar-feed", args=[token]))
        messages.success(
            request, "Your calendar link is ready. Copy it now: it is shown only once."
        )
        return self.show(request, feed_url=url)

    def show(self, request: MemberRequest[User], feed_url: str = "") -> HttpResponse:
        # What the feed holds from today on, soonest first: every capability's entries, as served.
        today = str(clock.today())
        coming = [e for e in calendar_entries(request.user) if str(e.start)[:10] >= today]
        entries = sorted(coming, key=lambda e: str(e.start))
        return render(
            request,
            "governance/calendar.html",
            {
                "feed": selectors.calendar_feed_of(user=request.user),
                "feed_url": feed_url,
                "entries": entries[:40],
            },
        )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: the token in the URL is the credential, as calendar clients need."""
    user = selectors.calendar_user_for_token(token)
    if user is None:
        raise Http404("No such calendar.")
    response = HttpResponse(ics.calendar_for(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition("concord.ics", inline=True)
    response["Cache-Control"] = "private, max-age=300"
    return response

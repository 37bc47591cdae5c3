"""Health pages: each view parses input, calls a selector or a service, and renders."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.exports import csv_cell, csv_download
from concord.core.pages import (
    MemberRequest,
    ScopedView,
    ServiceFormView,
    attempt,
    filtered,
    paginate,
)
from concord.health import charts, selectors, services
from concord.health.forms import (
    AnswerForm,
    CadenceForm,
    InstrumentCopyForm,
    InstrumentForm,
    KudosForm,
    PortfolioFilterForm,
    RoundStartForm,
    ThresholdForm,
    TrendForm,
    cadence_initial,
)
from concord.health.models import Instrument, Kind, Respondent
from concord.health.selectors import RoundResults
from concord.orgs.models import User

PORTFOLIO_PAGE_SIZE = 25
ROUNDS_PAGE_SIZE = 12


def health_url(alliance_id: int, anchor: str = "") -> str:
    url = reverse("health:alliance-health", args=[alliance_id])
    return f"{url}#{anchor}" if anchor else url


class HealthView(ScopedView):
    """Base for the health pages: out-of-scope records are 404, refused roles the 403 page."""

    forbidden_template = "alliances/forbidden.html"

    def joined_alliance(self, request: MemberRequest[User], pk: int) -> tuple[Alliance, Any]:
        """An alliance the user's organisation has joined (only invited → 404), and what to offer."""
        alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
        can = selectors.health_permissions(user=request.user, alliance=alliance)
        if not can.joined:
            raise Http404("No such page.")
        return alliance, can


def results_context(results: RoundResults | None, chart_id: str) -> dict[str, Any]:
    """The gap chart of a round's results and the names it is drawn with."""
    if results is None or not results.shown_parties:
        return {"results": results, "gap_chart": None}
    names = [p.name for p in results.parties]
    chart = charts.gap_chart(
        results.dimensions,
        names,
        chart_id=chart_id,
        title=f"{results.round.title}: scores by dimension, side by side",
    )
    return {"results": results, "gap_chart": chart, "names": names}


# --- The alliance's Health tab ------------------------------------------------------------------


class AllianceHealthView(HealthView):
    """Both sides' view of the relationship: open rounds, latest results, gaps, trends, kudos."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, can = self.joined_alliance(request, pk)
        form = TrendForm(request.GET)
        data = form.cleaned_data if form.is_valid() else {}
        kind = data.get("kind") or Kind.PULSE
        health = selectors.alliance_health(
            user=request.user, alliance=alliance, kind=kind, dimension=data.get("dimension") or ""
        )
        rounds = selectors.round_list(user=request.user, alliance=alliance)
        trend = health.trend
        label = dict(trend.dimensions).get(trend.dimension, "Overall score")
        context = {
            "alliance": alliance,
            "can": can,
            "health": health,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "trend_label": label,
            "trend_chart": charts.trend_chart(
                trend, chart_id="trend", title=f"{Kind(kind).label}: {label.lower()} over time"
            )
            if trend.points
            else None,
            **paginate(request, rounds, ROUNDS_PAGE_SIZE),
            "kudos_form": KudosForm(),
            "start_form": RoundStartForm(),
            **results_context(health.latest, "gap"),
        }
        return render(request, "health/alliance_health.html", context)


class HealthFormView(ServiceFormView, HealthView):
    """A health page of one alliance holding one form that runs one service on the alliance;
    only people the health permission `right` allows see it, and Cancel goes back to `anchor`.
    """

    right = "manage"
    refusal = ""
    anchor = ""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance, can = self.joined_alliance(request, pk)
        self.require(getattr(can, self.right), self.refusal)
        self.about(request, "alliance", self.alliance)

    def done_url(self, result: Any) -> str:
        return health_url(self.alliance.pk, self.anchor)

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": health_url(self.alliance.pk)}


class CadenceUpdateView(HealthFormView):
    """How often the alliance runs its pulses and health checks; either party's managers."""

    template_name = "health/cadence_form.html"
    refusal = "Only the parties' alliance managers can change the cadence."
    success = "Cadence saved. The sweep opens rounds on it from now."
    service = staticmethod(services.cadence_update)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CadenceForm:
        instruments = selectors.instrument_list(user=request.user)
        if data is not None:
            return CadenceForm(instruments=instruments, data=data)
        cadence = selectors.cadence_of(user=request.user, alliance=self.alliance)
        return CadenceForm(instruments=instruments, initial=cadence_initial(cadence))

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.changes())


class RoundStartView(HealthFormView):
    """An alliance manager starts a pulse or a health check now, outside the cadence."""

    refusal = "Only the parties' alliance managers can start a round."
    anchor = "open-rounds"
    title = "Start a check now"
    lead = (
        "Both parties' team members get a personal link at once. Results appear "
        "when the round closes, for each party that enough people answered."
    )
    submit = "Start and send the links"
    service = staticmethod(services.round_start)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> RoundStartForm:
        return RoundStartForm(data, initial={"kind": Kind.HEALTH_CHECK})

    def success_message(self, result: Any) -> str:
        return f"{result.title} is open; both teams have their links."


class KudosCreateView(HealthFormView):
    """A team member thanks people on the alliance; both parties see it."""

    right = "kudos"
    refusal = "Kudos come from the alliance's team members."
    anchor = "celebrations"
    title = "Give kudos"
    lead = "Celebrate what went well. Kudos appear on the alliance for every party, with your name."
    submit = "Give kudos"
    success = "Kudos given: both parties see it on the alliance."
    service = staticmethod(services.kudos_give)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> KudosForm:
        return KudosForm(data)

    def page_context(self) -> dict[str, Any]:
        cancel_url = health_url(self.alliance.pk, "celebrations")
        return {**super().page_context(), "cancel_url": cancel_url}


# --- One round --------------------------------------------------------------------------------


class RoundDetailView(HealthView):
    """A round's results: each party's scores, the gaps, response rates and anonymous comments."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        round_ = selectors.round_get(user=request.user, pk=pk)
        results = selectors.round_results(user=request.user, round_=round_)
        invitation = selectors.respondent_for(user=request.user, round_=round_)
        context = {
            "alliance": round_.alliance,
            "round": round_,
            "invitation": invitation,
            **results_context(results, "gap"),
        }
        return render(request, "health/round_detail.html", context)


class RoundExportView(HealthView):
    """A closed round's aggregate results as CSV: parties' scores per dimension, never answers."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        round_ = selectors.round_get(user=request.user, pk=pk)
        results = selectors.round_results(user=request.user, round_=round_)
        stamp = timezone.localtime(round_.opens_at).strftime("%Y-%m")
        response = csv_download(
            f"{round_.alliance.name} {round_.get_kind_display().lower()} {stamp}.csv"
        )
        write_results_csv(response, results)
        return response


def write_results_csv(out: Any, results: RoundResults) -> None:
    """One row per dimension, a column per party; rates last. Hidden figures stay blank."""
    writer = csv.writer(out)
    parties = results.parties
    writer.writerow(["Dimension", *[csv_cell(p.name) for p in parties], "Gap", "Flagged"])
    for row in results.dimensions if results.published else []:
        scores = [s if s is not None else "" for s in row.scores]
        writer.writerow(
            [
                csv_cell(row.name),
                *scores,
                row.gap if row.gap is not None else "",
                "yes" if row.flagged else "",
            ]
        )
    writer.writerow(
        ["Overall", *[p.overall if p.overall is not None else "" for p in parties], "", ""]
    )
    writer.writerow(["Answered", *[f"{p.responded} of {p.invited}" for p in parties], "", ""])
    writer.writerow(
        ["Shown", *["yes" if p.shown else "not enough responses" for p in parties], "", ""]
    )


class RoundAnswerView(HealthView):
    """A signed-in team member answers a round they were invited to."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        invitation = self.invitation(request, pk)
        return answer_page(request, invitation, self.form(invitation))

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        invitation = self.invitation(request, pk)
        return answer_submit(request, invitation, self.form(invitation, request.POST))

    def invitation(self, request: MemberRequest[User], pk: int) -> Respondent:
        round_ = selectors.round_get(user=request.user, pk=pk)
        invitation = selectors.respondent_for(user=request.user, round_=round_)
        if invitation is None:
            raise PermissionDenied(
                "You were not asked to answer this round: only the parties' "
                "team members are, when it opens."
            )
        return invitation

    def form(self, invitation: Respondent, data: Any = None) -> AnswerForm:
        return AnswerForm(data, dimensions=selectors.version_wording(invitation.round.version))


class AnswerView(View):
    """The one-click personal link from the email: no sign-in; the token is the credential."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        invitation = self.invitation(token)
        return answer_page(request, invitation, self.form(invitation), token=True)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        invitation = self.invitation(token)
        return answer_submit(request, invitation, self.form(invitation, request.POST), token=True)

    def invitation(self, token: str) -> Respondent:
        invitation = selectors.respondent_for_token(token)
        if invitation is None:
            raise Http404("This link is not valid.")
        return invitation

    def form(self, invitation: Respondent, data: Any = None) -> AnswerForm:
        return AnswerForm(data, dimensions=selectors.version_wording(invitation.round.version))


def answer_page(
    request: HttpRequest,
    invitation: Respondent,
    form: AnswerForm,
    token: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The answer form, or, once answered or closed, a page that shows no answers at all."""
    round_ = invitation.round
    context = {
        "invitation": invitation,
        "round": round_,
        "alliance": round_.alliance,
        "organisation": invitation.round_party.organisation,
        "form": form,
        "by_token": token,
        "minutes": 2 if round_.kind == Kind.PULSE else 10,
    }
    return render(request, "health/answer.html", context, status=status)


def answer_submit(
    request: HttpRequest, invitation: Respondent, form: AnswerForm, token: bool = False
) -> HttpResponse:
    if form.is_valid():
        try:
            services.response_submit(
                respondent=invitation,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                internal_comment=form.cleaned_data["internal_comment"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            invitation.has_answered = True
            # The same page, now saying thank you: it never shows what was answered.
            return answer_page(request, invitation, form, token)
    return answer_page(request, invitation, form, token)


# --- The overview panel -------------------------------------------------------------------------


def overview_panel(request: HttpRequest, alliance: Alliance) -> tuple[str, dict[str, Any]] | None:
    """The alliance overview's side panel: latest pulse, gap flags, celebrations, what to answer."""
    panel = selectors.overview_panel(user=request.user, alliance=alliance)
    return "health/_overview_panel.html", {"panel": panel, "alliance": alliance}


# --- The organisation-wide health page -----------------------------------------------------------


class PortfolioHealthView(HealthView):
    """Every alliance the organisation has joined: latest scores, gaps, trends, response rates."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form = PortfolioFilterForm(request.GET)
        portfolio = selectors.portfolio_health(user=request.user, filters=form.filters())
        listing = paginate(request, portfolio.rows, PORTFOLIO_PAGE_SIZE)
        page = listing["page_obj"]
        trends = selectors.portfolio_trends(
            user=request.user, alliance_ids=[row.alliance.pk for row in page]
        )
        for row in page:
            trend = trends.get(row.alliance.pk)
            spark = charts.sparkline(trend, label=str(row.alliance.pk))
            # An alliance without pulses shows its health checks' line in that column instead.
            if trend is not None and trend.kind == Kind.HEALTH_CHECK:
                row.health_spark = spark
            else:
                row.spark = spark
        context = {
            "form": form,
            "portfolio": portfolio,
            **listing,
            "filtered": filtered(request, ("search", "tier", "phase", "attention")),
            "waiting": selectors.invitations_waiting(user=request.user),
        }
        return render(request, "health/portfolio.html", context)


class PortfolioExportView(HealthView):
    """The organisation-wide page as CSV, for the portfolio review."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form = PortfolioFilterForm(request.GET)
        portfolio = selectors.portfolio_health(user=request.user, filters=form.filters())
        stamp = clock.today().isoformat()
        response = csv_download(f"Alliance health {stamp}.csv")
        writer = csv.writer(response)
        writer.writerow(
            [
                "Alliance", "Partners", "Tier", "Phase", "Latest pulse", "Own pulse score",
                "Partner pulse score", "Latest health check", "Own health score",
                "Partner health score", "Widest gap", "Flagged dimensions", "Pulse response rate",
                "Early warnings (90 days)", "Health check overdue",
            ]
        )  # fmt: skip
        for row in portfolio.rows:
            writer.writerow([csv_cell(v) for v in _portfolio_csv_row(row)])
        return response


def _portfolio_csv_row(row: selectors.PortfolioRow) -> list[Any]:
    def scores(snapshot: selectors.Snapshot | None) -> list[Any]:
        if snapshot is None:
            return ["", "", ""]
        own = snapshot.own.overall if snapshot.own else None
        partners = [p.overall for p in snapshot.partners if p.overall is not None]
        return [
            timezone.localtime(snapshot.opens_at).strftime("%Y-%m-%d"),
            own if own is not None else "",
            "; ".join(str(p) for p in partners),
        ]

    gap = row.widest_gap
    return [
        row.alliance.name,
        "; ".join(row.partners),
        row.alliance.get_tier_display(),
        row.alliance.get_phase_display(),
        *scores(row.pulse),
        *scores(row.health),
        f"{gap[0]} {gap[1]}" if gap else "",
        "; ".join(row.flagged),
        f"{row.pulse.response_rate}%" if row.pulse and row.pulse.response_rate is not None else "",
        row.warnings,
        "yes" if row.overdue else "",
    ]


# --- Instruments and the threshold ---------------------------------------------------------------


class InstrumentListView(HealthView):
    """The organisation's instrument library and its anonymity threshold."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        threshold = selectors.threshold_of(user=request.user)
        return library_page(request, ThresholdForm(initial={"min_respondents": threshold}))


def library_page(request: MemberRequest[User], threshold_form: ThresholdForm) -> HttpResponse:
    """The instrument library, with the threshold form (and its errors, if it failed)."""
    services.builtin_instruments_ensure()
    membership = request.user.membership
    context = {
        "instruments": selectors.instrument_list(user=request.user),
        "threshold_form": threshold_form,
        "threshold": selectors.threshold_of(user=request.user),
        "can_copy": membership.can_manage_alliances,
        "can_set_threshold": membership.is_admin,
    }
    return render(request, "health/instrument_list.html", context)


class ThresholdUpdateView(HealthView):
    """An admin sets the organisation's anonymity threshold."""

    def post(self, request: MemberRequest[User]) -> HttpResponse:
        self.require(
            request.user.membership.is_admin, "Only your organisation's admins can change this."
        )
        form = ThresholdForm(request.POST)
        if form.is_valid():
            saved = attempt(
                form,
                services.threshold_update,
                actor=request.user,
                min_respondents=form.cleaned_data["min_respondents"],
            )
            if saved is not None:
                messages.success(
                    request, f"Results now need {saved.min_respondents} respondents per party."
                )
                return redirect("health:instrument-list")
        return library_page(request, form)


class InstrumentDetailView(HealthView):
    """An instrument's current wording and its versions."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        instrument = selectors.instrument_get(user=request.user, pk=pk)
        versions = selectors.instrument_versions(user=request.user, instrument=instrument)
        membership = request.user.membership
        context = {
            "instrument": instrument,
            "versions": versions,
            "wording": selectors.version_wording(versions[0]) if versions else [],
            "copy_form": InstrumentCopyForm(),
            "can_copy": membership.can_manage_alliances,
            "can_edit": membership.can_manage_alliances and not instrument.is_builtin,
        }
        return render(request, "health/instrument_detail.html", context)


class InstrumentCopyView(HealthView):
    """Copy an instrument into the organisation's library, to edit it there."""

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        instrument = selectors.instrument_get(user=request.user, pk=pk)
        self.require(
            request.user.membership.can_manage_alliances,
            "Only alliance managers and admins can copy instruments.",
        )
        form = InstrumentCopyForm(request.POST)
        name = form.cleaned_data["name"] if form.is_valid() else ""
        copy = services.instrument_copy(actor=request.user, instrument=instrument, name=name)
        messages.success(request, f"“{copy.name}” is in your library: edit its wording here.")
        return redirect("health:instrument-update", pk=copy.pk)


class InstrumentUpdateView(HealthView):
    """Edit an organisation's own instrument: the new wording becomes a new version."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        instrument = self.allowed(request, pk)
        return self.show(request, instrument, self.form(instrument))

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        instrument = self.allowed(request, pk)
        form = self.form(instrument, request.POST)
        if form.is_valid():
            version = attempt(
                form,
                services.instrument_revise,
                actor=request.user,
                instrument=instrument,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                dimensions=form.wording(),
                change_note=form.cleaned_data["change_note"],
            )
            if version is not None:
                messages.success(request, f"Saved as version {version.number}.")
                return redirect("health:instrument-detail", pk=instrument.pk)
        return self.show(request, instrument, form)

    def allowed(self, request: MemberRequest[User], pk: int) -> Instrument:
        instrument = selectors.instrument_get(user=request.user, pk=pk)
        self.require(
            request.user.membership.can_manage_alliances and not instrument.is_builtin,
            "Built-in instruments cannot be edited: copy one into your library first.",
        )
        return instrument

    def form(self, instrument: Instrument, data: Any = None) -> InstrumentForm:
        current = services.current_version(instrument)
        return InstrumentForm(
            data,
            dimensions=selectors.version_wording(current),
            initial={"name": instrument.name, "description": instrument.description},
        )

    def show(
        self, request: MemberRequest[User], instrument: Instrument, form: InstrumentForm
    ) -> HttpResponse:
        return render(
            request, "health/instrument_form.html", {"instrument": instrument, "form": form}
        )

"""The portal's statistics, its settings, areas of interest and internal programmes."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from concord.core.pages import MemberRequest, ServiceFormView
from concord.core.tenancy import organisation_of
from concord.orgs.models import User
from concord.portal import charts, selectors, services
from concord.portal.forms.team import (
    AreaForm,
    DeclineLettersForm,
    InternalProgrammeForm,
    PortalSettingsForm,
    area_initial,
    portal_initial,
)
from concord.portal.views.team.base import PortalTeamView, people, team_permissions


def month_range(first: str, last: str) -> list[str]:
    """Every 'YYYY-MM' month from the first to the last, inclusive."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class StatisticsView(PortalTeamView):
    """How the portal keeps its promises: volumes, service levels, reasons and the BD–R&D gap."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        portal = selectors.own_portal(user=request.user)
        can = team_permissions(request.user)
        if portal is None:
            return render(request, "portal/team/statistics.html", {"portal": None, "can": can})
        stats = selectors.portal_statistics(portal)
        # Months without submissions count zero; months without a gap leave a break in the line.
        span = month_range(stats.months[0][0], stats.months[-1][0]) if stats.months else []
        counts, gaps = dict(stats.months), dict(stats.gap_by_month)
        months = [(m, counts.get(m, 0)) for m in span]
        context = {
            "portal": portal,
            "can": can,
            "stats": stats,
            "months": months,
            "months_chart": charts.column_chart(
                months, chart_id="chart-months", title="Submissions per month"
            ),
            "reasons_chart": charts.bar_chart(
                stats.decline_reasons, chart_id="chart-reasons", title="Decline reasons"
            ),
            "gap_month_chart": charts.line_chart(
                [(m, gaps.get(m)) for m in span],
                chart_id="chart-gap-month",
                title="BD minus R&D average score, by month of submission",
            ),
            "gap_area_chart": charts.bar_chart(
                stats.gap_by_area,
                chart_id="chart-gap-area",
                title="BD minus R&D average score, by therapeutic area",
            ),
        }
        return render(request, "portal/team/statistics.html", context)


class FunnelView(PortalTeamView):
    """The funnel to a deal, beside the statistics: stages by month, area and source."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        portal = selectors.own_portal(user=request.user)
        can = team_permissions(request.user)
        if portal is None:
            return render(request, "portal/team/funnel.html", {"portal": None, "can": can})
        funnel = selectors.portal_funnel(portal)
        medians = dict(funnel.median_days)
        context = {
            "portal": portal,
            "can": can,
            "funnel": funnel,
            "stages": [
                (label, count, conversion, medians.get(name))
                for (name, label), (count, conversion) in zip(
                    funnel.stages, funnel.total.cells, strict=True
                )
            ],
            "funnel_chart": charts.bar_chart(
                [
                    (label, count)
                    for (_, label), count in zip(funnel.stages, funnel.total.counts, strict=True)
                ],
                chart_id="chart-funnel",
                title="Submissions reaching each stage",
            ),
        }
        return render(request, "portal/team/funnel.html", context)


# --- Settings and areas of interest ------------------------------------------------------------

SETTINGS_REFUSED = "Only business development, alliance managers and admins change the portal."


class PortalSettingsView(ServiceFormView, PortalTeamView):
    """Open the portal or change its settings; list its areas of interest."""

    template_name = "portal/team/settings.html"
    service = staticmethod(services.portal_save)

    def load(self, request: MemberRequest[User], pk: None) -> None:
        self.require_deciding(request, SETTINGS_REFUSED)
        self.portal = selectors.own_portal(user=request.user)
        self.areas = list(selectors.area_list(user=request.user)) if self.portal else []
        self.can = team_permissions(request.user)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> PortalSettingsForm:
        if data is not None:
            return PortalSettingsForm(data=data, people=people(request.user))
        initial = portal_initial(self.portal, organisation_of(request.user))
        return PortalSettingsForm(people=people(request.user), initial=initial)

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.portal_fields())

    def success_message(self, result: Any) -> str:
        return "Portal settings saved." if self.portal else "Your partnering portal is open."

    def done_url(self, result: Any) -> str:
        return reverse("portal:settings")

    def page_context(self) -> dict[str, Any]:
        return {"portal": self.portal, "areas": self.areas, "can": self.can}


class AreaFormView(ServiceFormView, PortalTeamView):
    """Shared by creating and editing an area of interest."""

    template_name = "portal/team/area_form.html"
    lead = (
        "Published on your public page. Submissions that fall in an area you seek are matched "
        "to it and routed to its reviewers; an area you do not seek tells submitters what to "
        "spare you."
    )
    service = staticmethod(services.area_save)

    def load(self, request: MemberRequest[User], pk: int | None) -> None:
        # Another organisation's area is a 404 before any question of role.
        area = None if pk is None else selectors.area_list(user=request.user).get(pk=pk)
        self.require_deciding(request, SETTINGS_REFUSED)
        self.about(request, "area", area)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> AreaForm:
        if data is not None:
            return AreaForm(data, people=people(request.user))
        area = self.subject["area"]
        return AreaForm(initial=area_initial(area) if area else {}, people=people(request.user))

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.area_fields())

    def success_message(self, result: Any) -> str:
        return f"Area of interest “{result}” saved."

    def done_url(self, result: Any) -> str:
        return reverse("portal:settings") + "#areas"

    def page_context(self) -> dict[str, Any]:
        return {"cancel_url": reverse("portal:settings") + "#areas"}


class AreaCreateView(AreaFormView):
    title = "New area of interest"
    submit = "Publish area"


class AreaUpdateView(AreaFormView):
    title = "Edit area of interest"
    submit = "Save area"


class InternalProgrammeView(ServiceFormView, PortalTeamView):
    """Put an internal programme on the rubric, so external and internal compare on one scale."""

    template_name = "portal/team/internal_form.html"
    title = "Score an internal programme"
    lead = (
        "Internal programmes go through the same rubric and reviewers as submissions, "
        "so the two compare on one scale. Nobody outside sees them, and they stay out of the "
        "portal's statistics."
    )
    submit = "Put it on the rubric"
    service = staticmethod(services.internal_programme_add)

    def load(self, request: MemberRequest[User], pk: None) -> None:
        self.require_deciding(request, INTERNAL_REFUSED)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> InternalProgrammeForm:
        return InternalProgrammeForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"data": form.cleaned_data}

    def success_message(self, result: Any) -> str:
        return f"{result.asset_name} is on the rubric as {result.reference}."

    def done_url(self, result: Any) -> str:
        return reverse("portal:submission-detail", args=[result.pk])

    def page_context(self) -> dict[str, Any]:
        return {"cancel_url": reverse("portal:queue")}


class DeclineLettersView(ServiceFormView, PortalTeamView):
    """The organisation's decline letters: a starting text per coded reason."""

    template_name = "portal/team/area_form.html"
    title = "Decline letters"
    lead = (
        "A starting text for each coded reason. A reviewer who declines starts from the "
        "templates of the reasons they tick and must personalise the letter before it is sent: "
        "put what only this submission’s reviewer can say in [square brackets], and the letter "
        "cannot leave until each blank is filled."
    )
    submit = "Save the letters"
    success = "Decline letters saved."
    service = staticmethod(services.decline_templates_save)

    def load(self, request: MemberRequest[User], pk: None) -> None:
        self.require_deciding(request, SETTINGS_REFUSED)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DeclineLettersForm:
        if data is not None:
            return DeclineLettersForm(data)
        return DeclineLettersForm(initial=selectors.decline_templates(user=request.user))

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"bodies": form.bodies()}

    def done_url(self, result: Any) -> str:
        return reverse("portal:settings") + "#letters"

    def page_context(self) -> dict[str, Any]:
        return {"cancel_url": reverse("portal:settings") + "#letters"}


INTERNAL_REFUSED = "Only business development, alliance managers and admins add programmes."

"""The instrument library, its instruments and the organisation's anonymity threshold."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from concord.core.pages import (
    MemberRequest,
    attempt,
)
from concord.health import selectors, services
from concord.health.forms import (
    InstrumentCopyForm,
    InstrumentForm,
    ThresholdForm,
)
from concord.health.models import Instrument
from concord.health.views._common import HealthView
from concord.orgs.models import User


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

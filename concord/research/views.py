"""Pages of federated research: the alliance's studies, a study with its approval, admissions,
runs and results, proposing one, the steward's admission and withdrawal, downloads and export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.core.exports import csv_download, download
from concord.core.pages import ActionView, MemberRequest, ScopedView, ServiceFormView, attempt
from concord.core.tenancy import organisation_of
from concord.orgs.models import User
from concord.research import charts, engine, exports, selectors, services
from concord.research.engine import METRIC_NAMES
from concord.research.forms import (
    AdmitForm,
    StewardForm,
    StudyFilterForm,
    StudyForm,
    WithdrawForm,
)
from concord.research.models import StudyRun


def study_url(pk: int) -> str:
    return reverse("research:study-detail", args=[pk])


def _manager(request: MemberRequest[User]) -> bool:
    membership = getattr(request.user, "membership", None)
    return membership is not None and membership.can_manage_alliances


class ResearchView(ScopedView):
    forbidden_template = "alliances/forbidden.html"


class StudyListView(ResearchView):
    """The alliance's studies the reader's organisation takes part in, searchable."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        form = StudyFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        studies = list(selectors.study_list(user=request.user, alliance=alliance, **filters))
        context = {
            "alliance": alliance,
            "studies": studies,
            "form": form,
            "filtered": any(filters.values()),
            "can_propose": _manager(request),
        }
        return render(request, "research/study_list.html", context)


class StudyCreateView(ServiceFormView, ResearchView):
    title = "Propose a federated study"
    lead = (
        "The committee you name is asked to approve it by written consent, pinning the exact "
        "code and parameters; then each party's data steward admits its own node."
    )
    submit = "Propose study"
    service = staticmethod(services.study_propose)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance = selectors.joined_alliance(user=request.user, pk=pk)
        self.require(_manager(request), "Only alliance managers and admins propose studies.")
        self.committees = selectors.committees(alliance=self.alliance)
        self.parties = selectors.joined_parties(user=request.user, alliance=self.alliance)
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> StudyForm:
        initial = {"party_ids": [p.pk for p in self.parties]}
        return StudyForm(data, committees=self.committees, parties=self.parties, initial=initial)

    def page_context(self) -> dict[str, Any]:
        return {
            "alliance": self.alliance,
            "cancel_url": reverse("research:study-list", args=[self.alliance.pk]),
        }

    def done_url(self, result: Any) -> str:
        return study_url(result.pk)

    def success_message(self, result: Any) -> str:
        return f"Study proposed; {result.decision_reference} asks the {result.committee_name} to approve it."


def _results(user: User, run: StudyRun | None, metrics: list[str]) -> dict[str, Any]:
    """The latest finished run's rounds chart, final and per-party figures, own comparison."""
    if run is None:
        return {"run": None}
    rounds = selectors.rounds_of(user=user, run=run)
    comparison = selectors.comparison_of(user=user, run=run)
    local = comparison.local_only if comparison else {}
    return {
        "run": run,
        "rounds": rounds,
        # Each round's model scored on the parties' held-out data (older runs have none).
        "chart": charts.rounds_svg([(r.number, r.metrics) for r in rounds], metrics),
        "round_columns": [METRIC_NAMES.get(k, k) for k in metrics],
        "round_rows": [(r, [r.metrics.get(k) for k in metrics]) for r in rounds],
        "final": [
            (METRIC_NAMES.get(k, k), run.final[k], local.get(k)) for k in metrics if k in run.final
        ],
        "converged": bool(run.final.get("converged")),
        "per_party": [
            (name, [(METRIC_NAMES.get(k, k), figures[k]) for k in metrics if k in figures])
            for name, figures in run.per_party.items()
        ],
        "comparison": comparison,
    }


class StudyDetailView(ResearchView):
    """A study: what it asks, its schema and privacy, approval, admissions, runs and results."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        study = selectors.study_get(user=request.user, pk=pk)
        parts = selectors.study_parts(user=request.user, study=study)
        runs = selectors.run_list(user=request.user, study=study)
        org = organisation_of(request.user)
        own = next((p for p in parts if p.organisation_id == getattr(org, "pk", None)), None)
        steward = selectors.is_steward(user=request.user)
        refusal = services.run_refusal(study)
        latest = next((r for r in runs if r.status == StudyRun.Status.SUCCEEDED), None)
        spec = engine.spec_of(study)
        context = {
            "alliance": study.alliance,
            "study": study,
            "spec": spec,
            "parts": parts,
            "runs": runs,
            "own": own,
            "decision": selectors.decision_of(study),
            "can_admit": steward and own is not None and study.status != "not_approved",
            "can_withdraw": steward and own is not None and own.is_admitted,
            "admit_form": AdmitForm(),
            "node": _node(study, own) if steward and own is not None else None,
            "steward": steward,
            "can_run": _manager(request) and refusal is None,
            "refusal": refusal[1] if refusal else "",
            "withdraw_form": WithdrawForm(),
            "metric_names": [METRIC_NAMES.get(m, m) for m in study.metrics],
            **_results(request.user, latest, study.metrics),
        }
        return render(request, "research/study_detail.html", context)


def _node(study: Any, own: Any) -> dict[str, Any]:
    """What the party's steward needs to run its node: the one command, once the study's code and
    parameters are approved (before that there is nothing a node could safely pin)."""
    if not study.is_approved:
        return {"ready": False, "refused": study.status == study.Status.NOT_APPROVED}
    return {
        "ready": True,
        "name": engine.node_key(own.party_id),
        "coordinator": engine.coordinator_address(),
        "ca": engine.coordinator_ca() is not None,
        "command": engine.node_command(
            party_id=own.party_id,
            bundle_hash=study.pinned_bundle_hash,
            spec_digest=study.pinned_spec_digest,
        ),
    }


class StudyAdmitView(ActionView, ResearchView):
    lookup = staticmethod(selectors.study_get)
    record = "study"
    service = staticmethod(services.study_admit)
    form_class = AdmitForm
    field = "public_key"
    success = "Your node is admitted to the study with this key."
    back_to = "research:study-detail"


class CoordinatorCaView(ResearchView):
    """The coordinator's CA certificate, for a study's parties to verify it from their nodes."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        selectors.study_get(user=request.user, pk=pk)  # only a study's parties come this far
        path = engine.coordinator_ca()
        if path is None:
            raise Http404("The operator provides the coordinator's CA certificate.")
        return download(path.read_bytes(), "application/x-pem-file", "concord-ca.pem")


class StudyWithdrawView(ActionView, ResearchView):
    lookup = staticmethod(selectors.study_get)
    record = "study"
    service = staticmethod(services.study_withdraw)
    form_class = WithdrawForm
    field = "reason"
    success = "Consent withdrawn: your node takes part in no further run."
    level = messages.INFO
    back_to = "research:study-detail"


class RunStartView(ActionView, ResearchView):
    lookup = staticmethod(selectors.study_get)
    record = "study"
    service = staticmethod(services.run_start)
    success = "Run started; its rounds appear here as they finish."
    back_to = "research:study-detail"


class RunModelView(ResearchView):
    """The final model's file, for a participating party (the download is recorded)."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        run = selectors.run_get(user=request.user, pk=pk)
        content, filename = services.model_download(actor=request.user, run=run)
        return download(content, "application/octet-stream", filename)


class StudyExportView(ResearchView):
    """The study's results as CSV: every run's rounds, final and per-party figures."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        study = selectors.study_get(user=request.user, pk=pk)
        response = csv_download(f"{study.title} results.csv")
        exports.write_results(response, user=request.user, study=study)
        return response


class StewardRemoveView(ActionView, ResearchView):
    """End a colleague's appointment as data steward (admins and alliance managers)."""

    lookup = staticmethod(selectors.steward_get)
    record = "steward"
    service = staticmethod(services.steward_remove)
    success = "The appointment has ended."
    level = messages.INFO

    def back_url(self, found: Any) -> str:
        return reverse("research:stewards")


class StewardsView(ResearchView):
    """The organisation's data stewards, and appointing one (admins and alliance managers)."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        return self.show(request, self.form(request))

    def form(self, request: MemberRequest[User], data: Any = None) -> StewardForm:
        return StewardForm(data, people=selectors.steward_candidates(user=request.user))

    def post(self, request: MemberRequest[User]) -> HttpResponse:
        self.require(_manager(request), "Only admins and alliance managers appoint data stewards.")
        form = self.form(request, request.POST)
        if form.is_valid():
            done = attempt(
                form, services.steward_appoint, actor=request.user, **form.service_arguments()
            )
            if done is not None:
                messages.success(request, f"{done.user} is now a data steward.")
                return redirect("research:stewards")
        return self.show(request, form)

    def show(self, request: MemberRequest[User], form: StewardForm) -> HttpResponse:
        context = {
            "stewards": selectors.stewards(user=request.user),
            "form": form,
            "can_appoint": _manager(request),
        }
        return render(request, "research/stewards.html", context)

"""The story holds together for a visitor who knows the field: each programme's stage agrees with
its alliance's gates, each submission's science fits its disease, and what partners owe each other
fits the phase their alliance is in."""

from __future__ import annotations

import datetime

import pytest

from concord.alliances.models import Gate
from concord.demo.chapters.portal.programmes import IN_VITRO, PROGRAMMES, data_summary
from concord.demo.data import PLANS, Plan
from concord.demo.tests.conftest import Seeded
from concord.expectations.models import Commitment
from concord.portal.models import Submission

pytestmark = pytest.mark.xdist_group("demo")

STAGES = ["discovery", "lead_optimisation", "preclinical", "phase_1", "phase_2", "phase_3"]
STAGES += ["filed", "approved"]
SETTLING = datetime.timedelta(days=60)  # from a gate's proposal to the stage it opens


def _stage_on(plan: Plan, day: datetime.date) -> str:
    """The lead programme's stage on a day: where it started, then each advance up to that day."""
    stage = plan.programmes[0][4]
    for when, later in plan.advances:
        if datetime.date.fromisoformat(when) <= day:
            stage = later
    return stage


def _at_least(stage: str, floor: str) -> bool:
    return STAGES.index(stage) >= STAGES.index(floor)


@pytest.mark.parametrize("plan", PLANS, ids=lambda plan: plan.name)
def test_programme_stages_agree_with_the_gates(plan: Plan) -> None:
    for gate in plan.gates:
        proposed = datetime.date.fromisoformat(gate.on)
        settled = _stage_on(plan, proposed + SETTLING)
        if gate.to == "clinical":
            # Nobody proposes first-in-human for a programme without its IND-enabling package.
            assert _at_least(_stage_on(plan, proposed), "preclinical"), gate
            if gate.outcome == "passed":
                assert _at_least(settled, "phase_1"), gate
        if gate.to == "preclinical" and gate.outcome == "passed":
            assert _at_least(settled, "preclinical"), gate
        if gate.to in ("commercialisation", "scale_up") and gate.outcome == "passed":
            assert settled == "approved", gate


@pytest.mark.parametrize("plan", PLANS, ids=lambda plan: plan.name)
def test_stages_only_move_forward(plan: Plan) -> None:
    stages = [plan.programmes[0][4], *(stage for _, stage in plan.advances)]
    assert [STAGES.index(s) for s in stages] == sorted(STAGES.index(s) for s in stages)


def test_every_submission_programme_fits_its_area() -> None:
    for area, programmes in PROGRAMMES.items():
        for modality, _, _, _ in programmes:
            summary = data_summary(area, modality, "preclinical")
            assert ("xenograft" in summary) == (area == "oncology"), (area, modality)
            assert modality in IN_VITRO


@pytest.mark.django_db
def test_only_oncology_submissions_cite_tumour_models(seeded: Seeded) -> None:
    submissions = Submission.objects.unscoped()
    assert submissions.filter(therapeutic_area="oncology", data_summary__contains="xenograft")
    assert not submissions.exclude(therapeutic_area="oncology").filter(
        data_summary__contains="xenograft"
    )
    neuro = submissions.filter(therapeutic_area="neuroscience", stage="preclinical")
    assert all("brain" in s.data_summary for s in neuro)


@pytest.mark.django_db
def test_clinical_deliverables_fall_due_only_once_the_alliance_is_in_the_clinic(
    seeded: Seeded,
) -> None:
    clinical = Commitment.objects.unscoped().filter(title__startswith="Clinical data cut")
    assert clinical.exists()
    for commitment in clinical.select_related("alliance"):
        entered = Gate.objects.unscoped().filter(
            alliance=commitment.alliance, to_phase="clinical", status="passed"
        )
        assert any(g.closed_at and g.closed_at.date() <= commitment.due_date for g in entered), (
            commitment.alliance.name,
            commitment.due_date,
        )

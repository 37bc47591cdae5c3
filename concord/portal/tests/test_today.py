"""The portal on Today: a submission whose service level runs out within the horizon is on its
reviewers' Today (or, unassigned, on the alliance managers' and admins')."""

from __future__ import annotations

import datetime

import pytest

from concord.core import clock as core_clock
from concord.core.today import ACT
from concord.portal import services, today
from concord.portal.models import Portal
from concord.portal.tests.test_services import submit
from conftest import colleague

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(cast) -> Portal:
    """Borealis's portal, where Bob reviews oncology antibodies."""
    portal = services.portal_save(actor=cast.bob, slug="borealis", head_of_bd=cast.erin)
    services.area_save(
        actor=cast.bob,
        title="Oncology antibodies",
        therapeutic_areas=["oncology"],
        modalities=["antibody"],
        stages=["preclinical"],
        deal_types=["licence"],
        reviewers=[cast.bob],
    )
    return portal


def submissions(user):
    return [i for i in today.today_items(user) if i.kind == "submission"]


def test_a_submission_is_due_on_its_reviewers_today_as_its_first_response_nears(cast, portal):
    submission = submit(portal).submission  # matches the oncology area: Bob reviews it
    assert submissions(cast.bob) == []  # 30 days for a first response: not yet
    with core_clock.moved_to(core_clock.now() + datetime.timedelta(days=20)):
        [item] = submissions(cast.bob)
        assert (item.section, item.action, item.overdue) == (ACT, "Respond", False)
        assert "first response service level runs out" in item.why and "Quist Bio" in item.why
        assert item.url.endswith(f"/portal/submissions/{submission.pk}/")
    with core_clock.moved_to(core_clock.now() + datetime.timedelta(days=31)):
        [late] = submissions(cast.bob)
        assert late.overdue and "ran out" in late.why
        for outsider in (cast.alice, cast.dave, cast.erin):
            assert submissions(outsider) == []


def test_an_assigned_reviewer_answers_for_it_and_nobody_else_is_reminded(cast, portal):
    rita = colleague(cast.bob, "rita@borealis.test", "Rita", "Rao", "scientist")
    submission = submit(
        portal, therapeutic_area="neuroscience"
    ).submission  # no area matches: unassigned
    with core_clock.moved_to(core_clock.now() + datetime.timedelta(days=25)):
        assert len(submissions(cast.bob)) == 1  # unassigned: the alliance manager's
        assert submissions(rita) == []
        services.submission_assign(actor=cast.bob, submissions=[submission], reviewers=[rita])
        assert len(submissions(rita)) == 1
        assert submissions(cast.bob) == []

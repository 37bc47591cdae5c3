"""The queue that triages: honest match scores, every decline problem at once, letters that are
personalised, the reviewers' open load, and overdue and escalated submissions that say so."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concord.core import clock
from concord.portal import matching, selectors, services
from concord.portal.models import Submission
from concord.portal.tests.test_services import portal, rita, submit  # noqa: F401 - fixtures
from concord.portal.tests.test_team_views import client_for

pytestmark = pytest.mark.django_db

LETTER = (
    "We read your summary closely and the mechanism is interesting, but the package is still "
    "too early for a licence: we would need in vivo proof of concept in a second model and a "
    "first look at selectivity before our committee would take it up. "
)


@pytest.fixture
def neuro_area(cast, portal):  # noqa: F811
    services.area_save(
        actor=cast.bob,
        title="Neuroinflammation small molecules",
        therapeutic_areas=["neuroscience"],
        modalities=["small_molecule"],
        stages=[],
        deal_types=[],
        reviewers=[cast.erin],
    )


class TestMatch:
    def test_an_area_in_another_therapeutic_area_adds_nothing(self, cast, portal):  # noqa: F811
        # The oncology antibody area also seeks pre-clinical licences, which this asset is: the
        # old rule gave it 50% for them. Outside every area sought, it scores 0.
        alzheimers = submit(
            portal, therapeutic_area="neuroscience", modality="small_molecule"
        ).submission
        assert alzheimers.match_score == 0
        assert alzheimers.match_explanation == []
        assert list(alzheimers.reviewers.all()) == []

    def test_only_matching_dimensions_count_and_the_best_area_leads(
        self,
        cast,
        portal,  # noqa: F811
        neuro_area,
    ):
        nlrp3 = submit(
            portal, therapeutic_area="neuroscience", modality="small_molecule", stage="phase_1"
        ).submission
        # Area and modality match; the area names no stage or deal type, which match nothing.
        assert nlrp3.match_score == 50
        assert nlrp3.match_explanation == [
            {
                "area": "Neuroinflammation small molecules",
                "matched": ["Neuroscience", "Small molecule"],
            }
        ]
        assert list(nlrp3.reviewers.all()) == [cast.erin]

    def test_at_most_the_best_two_areas_are_kept(self):
        class Area:
            def __init__(self, pk, title, **dims):
                self.pk, self.title, self.kind = pk, title, "seek"
                for name in ("therapeutic_areas", "modalities", "stages", "deal_types"):
                    setattr(self, name, dims.get(name, []))

        areas = [
            Area(1, "A", therapeutic_areas=["oncology"]),
            Area(2, "B", therapeutic_areas=["oncology"], modalities=["adc"]),
            Area(3, "C", therapeutic_areas=["oncology"], modalities=["adc"], stages=["phase_1"]),
        ]
        values = {
            "therapeutic_area": "oncology",
            "modality": "adc",
            "stage": "phase_1",
            "deal_type": "licence",
        }
        found = matching.match(areas, values)
        assert found.score == 75
        assert [e["area"] for e in found.explanation] == ["C", "B"]
        assert found.routed_area_ids == [1, 2, 3]


class TestDecline:
    def test_every_problem_is_named_at_once(self, cast, portal):  # noqa: F811
        submission = submit(portal).submission
        with pytest.raises(ValidationError) as error:
            services.submission_decide(
                actor=cast.bob, submission=submission, outcome="declined", feedback="Too early."
            )
        problems = error.value.message_dict
        assert set(problems) == {"reasons", "feedback"}
        assert "10 so far" in problems["feedback"][0]
        submission.refresh_from_db()
        assert submission.status == Submission.Status.RECEIVED

    def test_the_page_shows_both_errors_and_the_count(self, cast, portal):  # noqa: F811
        submission = submit(portal).submission
        response = client_for(cast.bob).post(
            reverse("portal:submission-decide", args=[submission.pk]),
            {"outcome": "declined", "feedback": "Too early."},
        )
        page = response.content.decode()
        assert "Give one or more of the coded reasons." in page
        assert "at least 200 characters; 10 so far" in page
        assert 'data-count-for="id_feedback"' in page

    def test_a_template_word_for_word_or_with_a_blank_is_refused(
        self,
        cast,
        portal,  # noqa: F811
    ):
        services.decline_templates_save(
            actor=cast.bob,
            bodies={"too_early": LETTER + "What would change our answer: [the data you need]."},
        )
        submission = submit(portal).submission
        draft = services.decline_draft(portal=portal, submission=submission, reasons=["too_early"])
        assert draft.startswith("Dear Nora Quist,") and "QB-17" in draft
        for letter, words in (
            (draft, "word for word"),
            (draft + " Good luck with the programme.", "[the data you need]"),
        ):
            with pytest.raises(ValidationError) as error:
                services.submission_decide(
                    actor=cast.bob,
                    submission=submission,
                    outcome="declined",
                    reasons=["too_early"],
                    feedback=letter,
                )
            assert words in error.value.message_dict["feedback"][0]
        personal = draft.replace("[the data you need]", "a second PDX model and selectivity")
        decided = services.submission_decide(
            actor=cast.bob,
            submission=submission,
            outcome="declined",
            reasons=["too_early"],
            feedback=personal,
        )
        assert decided.submission.feedback == personal.strip()

    def test_the_page_drafts_the_letter_from_the_ticked_reasons(self, cast, portal):  # noqa: F811
        services.decline_templates_save(actor=cast.bob, bodies={"too_early": LETTER})
        submission = submit(portal).submission
        response = client_for(cast.bob).post(
            reverse("portal:submission-decide", args=[submission.pk]),
            {"reasons": ["too_early"], "draft": "1", "feedback": ""},
        )
        assert response.status_code == 200
        assert "Dear Nora Quist," in response.content.decode()
        submission.refresh_from_db()
        assert submission.status == Submission.Status.RECEIVED

    def test_only_deciding_roles_write_templates(self, cast, portal, rita):  # noqa: F811
        with pytest.raises(Exception) as error:
            services.decline_template_save(actor=rita, reason="too_early", body=LETTER)
        assert "decide" in str(error.value)
        assert selectors.decline_templates(user=cast.bob) == {}


class TestQueue:
    def test_the_queue_is_open_by_default_and_the_decided_one_click_away(
        self,
        cast,
        portal,  # noqa: F811
    ):
        open_one = submit(portal, asset_name="Open asset").submission
        closed = submit(portal, asset_name="Closed asset").submission
        services.submission_decide(
            actor=cast.bob,
            submission=closed,
            outcome="declined",
            reasons=["too_early"],
            feedback=LETTER,
        )
        bob = client_for(cast.bob)
        page = bob.get(reverse("portal:queue")).content.decode()
        assert open_one.asset_name in page and closed.asset_name not in page
        assert "show the 1 decided too" in page
        page = bob.get(reverse("portal:queue") + "?closed=on").content.decode()
        assert closed.asset_name in page and "open ones only" in page

    def test_the_picker_shows_each_reviewers_open_load(self, cast, portal, rita):  # noqa: F811
        first, second = submit(portal).submission, submit(portal, asset_name="QB-18").submission
        services.submission_assign(actor=cast.bob, submissions=[first, second], reviewers=[rita])
        shown = [cast.bob.pk, rita.pk, cast.erin.pk]
        assert selectors.reviewer_open_load(user=cast.bob, reviewer_ids=shown) == {
            cast.bob.pk: 2,
            rita.pk: 2,
        }
        # Only the reviewers asked about are counted; a decided submission is no load.
        services.submission_decide(actor=cast.bob, submission=first, outcome="cda")
        assert selectors.reviewer_open_load(user=cast.bob, reviewer_ids=[rita.pk]) == {rita.pk: 1}
        page = client_for(cast.bob).get(reverse("portal:queue")).content.decode()
        assert f"{rita} · 1 open" in page
        assert 'data-filter-list="reviewer-options"' in page
        assert "Hold Ctrl" not in page
        assert selectors.reviewer_open_load(user=cast.alice, reviewer_ids=shown) == {}

    def test_overdue_and_escalated_say_so_and_to_whom(self, cast, portal):  # noqa: F811
        submission = submit(portal).submission
        later = clock.now() + datetime.timedelta(days=60)
        services.submission_reminders_send(now=later)
        submission.refresh_from_db()
        assert submission.escalated_to == cast.erin
        page = client_for(cast.bob).get(reverse("portal:queue")).content.decode()
        assert f"Escalated to {cast.erin} on" in page
        assert "Overdue" in page

"""The partnering portal's rules: every submission acknowledged, answered on time, judged alike."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from concord.core.audit import audit_verify
from concord.portal import clock, services
from concord.portal.models import Message, Portal, Review, Submission
from concord.portal.selectors import (
    QueueFilters,
    portal_statistics,
    submission_for_token,
    submission_queue,
)
from conftest import colleague

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def submission_data(**overrides):
    data = {
        "contact_name": "Nora Quist",
        "contact_email": "nora@quistbio.test",
        "submitter_organisation_name": "Quist Bio",
        "asset_name": "QB-17",
        "modality": "antibody",
        "therapeutic_area": "oncology",
        "indication": "Triple-negative breast cancer",
        "stage": "preclinical",
        "mechanism": "Anti-TROP2 bispecific",
        "differentiation": "Twice the tumour penetration of the leading ADC in PDX models.",
        "data_summary": "In vivo efficacy in three PDX models; GLP tox planned.",
        "ip_status": "Composition of matter filed 2025.",
        "deal_type": "licence",
        "attested_non_confidential": True,
    }
    return {**data, **overrides}


def scores(value: int, comment: str = "Seen the data.") -> dict:
    from concord.portal.models import Criterion

    return {c: {"score": value, "comment": comment} for c in Criterion.values}


@pytest.fixture
def portal(cast) -> Portal:
    portal = services.portal_save(actor=cast.bob, slug="borealis", head_of_bd=cast.erin)
    services.area_save(
        actor=cast.bob,
        title="Oncology antibodies",
        therapeutic_areas=["oncology"],
        modalities=["antibody", "adc"],
        stages=["preclinical", "phase_1"],
        deal_types=["licence", "co_development"],
        reviewers=[cast.bob],
    )
    return portal


@pytest.fixture
def rita(cast):
    return colleague(cast.bob, "rita@borealis.test", "Rita", "Rao", "scientist")


def submit(portal, **overrides):
    return services.submission_create(
        portal=portal, data=submission_data(**overrides), ip="203.0.113.9"
    )


class TestReceiving:
    def test_a_submission_is_acknowledged_at_once_with_a_reference_and_a_private_link(
        self, cast, portal, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            issued = submit(portal)
        submission = issued.submission
        assert submission.reference == f"BOREALIS-{timezone.now().year}-00001"
        assert submission.acknowledged_at == submission.submitted_at
        assert submission_for_token(issued.token) == submission
        acknowledgement = next(m for m in mailoutbox if m.to == ["nora@quistbio.test"])
        assert submission.reference in acknowledgement.subject
        assert f"/submissions/status/{issued.token}/" in acknowledgement.body
        assert any(m.to == ["bob@borealis.test"] for m in mailoutbox), "the area's reviewer is told"

    def test_the_match_explains_itself_and_routes_to_the_areas_reviewers(self, cast, portal):
        submission = submit(portal).submission
        assert submission.match_score == 100
        assert submission.match_explanation == [
            {
                "area": "Oncology antibodies",
                "matched": ["Oncology", "Antibody", "Pre-clinical", "Licence"],
            }
        ]
        assert list(submission.reviewers.all()) == [cast.bob]

    def test_without_the_attestation_nothing_is_saved(self, portal):
        with pytest.raises(ValidationError) as error:
            submit(portal, attested_non_confidential=False)
        assert "attested_non_confidential" in error.value.message_dict
        assert Submission.objects.unscoped().count() == 0

    @pytest.mark.parametrize(
        ("files", "message"),
        [
            ([SimpleUploadedFile("deck.pdf", b"PK\x03\x04 not a pdf")], "not a PDF"),
            ([SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))], "larger than 10 MB"),
            ([SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)], "at most 5"),
        ],
    )
    def test_attachments_are_pdfs_of_at_most_ten_megabytes_and_five_at_most(
        self, portal, files, message
    ):
        with pytest.raises(ValidationError, match=message):
            services.submission_create(portal=portal, data=submission_data(), attachments=files)
        assert Submission.objects.unscoped().count() == 0

    def test_a_pdf_is_kept_with_its_checksum(self, portal):
        issued = services.submission_create(
            portal=portal,
            data=submission_data(),
            attachments=[SimpleUploadedFile("deck.pdf", PDF, content_type="application/pdf")],
        )
        attachment = issued.submission.attachments.get()
        assert attachment.original_name == "deck.pdf" and attachment.size == len(PDF)
        assert len(attachment.sha256) == 64

    def test_the_public_form_is_rate_limited_per_email(self, portal):
        for _ in range(services.SUBMISSIONS_PER_HOUR_PER_EMAIL):
            submit(portal)
        with pytest.raises(ValidationError, match="Too many"):
            submit(portal)

    def test_oversized_text_is_refused(self, portal):
        with pytest.raises(ValidationError) as error:
            submit(portal, asset_name="x" * 201)
        assert "asset_name" in error.value.message_dict

    def test_a_closed_portal_takes_nothing(self, cast, portal):
        services.portal_save(actor=cast.bob, is_open=False)
        portal.refresh_from_db()
        with pytest.raises(ValidationError):
            submit(portal)


class TestServiceLevels:
    def test_changing_the_service_levels_moves_the_kept_deadlines_of_every_submission(
        self, cast, portal
    ):
        submission = submit(portal).submission
        assert submission.first_response_due == clock.first_response_due(submission, portal)
        portal = services.portal_save(actor=cast.bob, first_response_days=5, decision_days=45)
        submission.refresh_from_db()
        assert submission.first_response_due == clock.first_response_due(submission, portal)
        assert submission.decision_due == clock.decision_due(submission, portal)

    def test_deadlines_end_with_the_organisations_local_day(self, cast, portal):
        submission = submit(portal).submission
        Submission.objects.unscoped().filter(pk=submission.pk).update(
            submitted_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
        )
        submission.refresh_from_db()
        due = clock.first_response_due(submission, portal)
        # 23:30 UTC on 1 March is still 1 March in London: thirty days on, 31 March ends there.
        assert due == datetime.datetime(2026, 3, 31, 22, 59, 59, tzinfo=datetime.UTC)

    def test_the_clock_stands_still_while_waiting_on_the_submitter(self, cast, portal):
        issued = submit(portal)
        submission = issued.submission
        services.submission_request_info(
            actor=cast.bob, submission=submission, question="Tox data?"
        )
        submission.refresh_from_db()
        assert submission.status == "info_requested" and submission.first_response_at
        Submission.objects.unscoped().filter(pk=submission.pk).update(
            paused_since=timezone.now() - datetime.timedelta(days=10)
        )
        services.submitter_reply(submission=submission, body="Attached in the deck.")
        submission.refresh_from_db()
        assert submission.status == "under_review" and submission.paused_since is None
        assert 10 * 86400 <= submission.paused_seconds < 10 * 86400 + 60
        base = clock.decision_due(submission, portal) - datetime.timedelta(
            seconds=submission.paused_seconds
        )
        assert clock.decision_due(submission, portal) - base == datetime.timedelta(
            seconds=submission.paused_seconds
        )


class TestReviewing:
    def test_bd_and_rnd_score_separately_and_a_gap_raises_the_nih_flag(self, cast, portal, rita):
        submission = submit(portal).submission
        assert (
            services.review_submit(actor=cast.bob, submission=submission, scores=scores(5)).track
            == "bd"
        )
        assert (
            services.review_submit(actor=rita, submission=submission, scores=scores(3)).track
            == "rnd"
        )
        row = submission_queue(user=cast.bob)[0]
        assert (row.bd_score, row.rnd_score, row.nih) == (Decimal("5.00"), Decimal("3.00"), True)
        assert (
            submission_queue(user=cast.bob, filters=QueueFilters(flag="nih"))[0].submission
            == submission
        )

    def test_weights_shape_the_weighted_score(self, cast, portal):
        services.portal_save(actor=cast.bob, weights={"strategic_fit": 4})
        rubric = scores(2)
        rubric["strategic_fit"]["score"] = 5
        review = services.review_submit(
            actor=cast.bob, submission=submit(portal).submission, scores=rubric
        )
        assert review.weighted_score == Decimal("3.20")  # (4×5 + 6×2) / 10

    def test_every_criterion_needs_a_score_and_a_comment(self, cast, portal):
        submission = submit(portal).submission
        rubric = scores(4)
        rubric["feasibility"] = {"score": 4, "comment": " "}
        with pytest.raises(ValidationError, match="comment"):
            services.review_submit(actor=cast.bob, submission=submission, scores=rubric)
        rubric["feasibility"] = {"score": 6, "comment": "Too good"}
        with pytest.raises(ValidationError):
            services.review_submit(actor=cast.bob, submission=submission, scores=rubric)
        assert Review.objects.unscoped().count() == 0

    def test_only_the_receiving_team_reviews(self, cast, portal):
        submission = submit(portal).submission
        with pytest.raises(PermissionDenied):
            services.review_submit(actor=cast.alice, submission=submission, scores=scores(1))


class TestDeciding:
    def test_a_decline_needs_coded_reasons_and_real_feedback(
        self, cast, portal, mailoutbox, django_capture_on_commit_callbacks
    ):
        submission = submit(portal).submission
        with pytest.raises(ValidationError):
            services.submission_decide(
                actor=cast.bob, submission=submission, outcome="declined", feedback="x" * 300
            )
        with pytest.raises(ValidationError, match="feedback"):
            services.submission_decide(
                actor=cast.bob,
                submission=submission,
                outcome="declined",
                reasons=["too_early"],
                feedback="No.",
            )
        feedback = "We read the package with interest. " * 8
        with django_capture_on_commit_callbacks(execute=True):
            services.submission_decide(
                actor=cast.bob,
                submission=submission,
                outcome="declined",
                reasons=["too_early", "data_insufficient"],
                feedback=feedback,
            )
        submission.refresh_from_db()
        assert (
            submission.status == "declined"
            and submission.decided_at
            and submission.first_response_at
        )
        assert submission.decline_reason_labels == ["Data insufficient", "Too early"]
        decision = next(m for m in mailoutbox if m.subject.startswith("Decision"))
        assert "Too early" in decision.body and "read the package" in decision.body

    def test_scientists_review_but_do_not_decide(self, cast, portal, rita):
        with pytest.raises(PermissionDenied):
            services.submission_decide(
                actor=rita, submission=submit(portal).submission, outcome="cda"
            )

    def test_advancing_can_propose_an_alliance_with_the_submitter_invited(self, cast, portal):
        issued = services.submission_create(
            portal=portal,
            data=submission_data(contact_email="alice@helix.test"),
            submitter=cast.alice,
        )
        decision = services.submission_decide(
            actor=cast.bob, submission=issued.submission, outcome="cda", create_alliance=True
        )
        alliance = decision.alliance
        assert alliance.status == "proposed"
        assert {p.organisation for p in alliance.parties.all()} == {cast.borealis, cast.helix}
        assert alliance.programmes.get().asset_name == "QB-17"

    def test_internal_notes_never_reach_the_submitter(self, cast, portal):
        issued = submit(portal)
        services.message_post(
            actor=cast.bob, submission=issued.submission, body="R&D is sceptical", internal=True
        )
        services.message_post(
            actor=cast.bob, submission=issued.submission, body="Thanks, reading it now"
        )
        from concord.portal.selectors import public_messages

        assert [m.body for m in public_messages(issued.submission)] == ["Thanks, reading it now"]
        assert Message.objects.visible_to(cast.alice).count() == 0


class TestChasing:
    def test_the_sweep_reminds_once_then_escalates_once(
        self, cast, portal, mailoutbox, django_capture_on_commit_callbacks
    ):
        submission = submit(portal).submission
        due = clock.first_response_due(submission, portal)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.submission_reminders_send(due - datetime.timedelta(days=10)) == {
                "reminded": 0,
                "escalated": 0,
            }
            assert (
                services.submission_reminders_send(due - datetime.timedelta(days=2))["reminded"]
                == 1
            )
            assert (
                services.submission_reminders_send(due - datetime.timedelta(days=1))["reminded"]
                == 0
            )
            assert (
                services.submission_reminders_send(due + datetime.timedelta(hours=1))["reminded"]
                == 1
            )
            assert (
                services.submission_reminders_send(due + datetime.timedelta(days=8))["escalated"]
                == 1
            )
            assert services.submission_reminders_send(due + datetime.timedelta(days=9)) == {
                "reminded": 0,
                "escalated": 0,
            }
        subjects = [m.subject for m in mailoutbox]
        assert sum(s.startswith("Due soon") for s in subjects) == 1
        assert sum(s.startswith("Overdue") for s in subjects) == 1
        escalation = next(m for m in mailoutbox if m.subject.startswith("Escalation"))
        assert escalation.to == ["erin@borealis.test"]

    def test_a_paused_submission_chases_nobody(self, cast, portal):
        submission = submit(portal).submission
        services.submission_request_info(actor=cast.bob, submission=submission, question="More?")
        due = clock.decision_due(submission, portal)
        assert services.submission_reminders_send(due + datetime.timedelta(days=30)) == {
            "reminded": 0,
            "escalated": 0,
        }


class TestConfidentiality:
    def test_rivals_and_other_pharmas_never_see_a_submission(self, cast, portal):
        issued = services.submission_create(
            portal=portal, data=submission_data(), submitter=cast.alice
        )
        assert Submission.objects.visible_to(cast.alice).get() == issued.submission
        assert Submission.objects.visible_to(cast.dave).count() == 0
        assert Submission.objects.visible_to(cast.mallory).count() == 0
        services.review_submit(actor=cast.bob, submission=issued.submission, scores=scores(4))
        assert Review.objects.visible_to(cast.alice).count() == 0, "scores stay with the pharma"

    def test_every_step_is_in_the_audit_trail(self, cast, portal):
        submission = submit(portal).submission
        services.review_submit(actor=cast.bob, submission=submission, scores=scores(4))
        services.submission_decide(actor=cast.bob, submission=submission, outcome="cda")
        assert audit_verify().ok


class TestStatistics:
    def test_the_figures_count_answers_and_the_gap(self, cast, portal, rita):
        submission = submit(portal).submission
        services.review_submit(actor=cast.bob, submission=submission, scores=scores(5))
        services.review_submit(actor=rita, submission=submission, scores=scores(2))
        services.submission_decide(
            actor=cast.bob,
            submission=submission,
            outcome="declined",
            reasons=["portfolio_full"],
            feedback="f" * 250,
        )
        figures = portal_statistics(portal)
        assert figures.total == 1
        assert figures.acknowledged_share == 100.0
        assert figures.first_response_on_time_share == 100.0
        assert figures.decline_reasons == [("Portfolio full", 1)]
        assert figures.gap_by_area == [("Oncology", 3.0)]


class TestInternalProgrammes:
    def test_an_internal_programme_is_scored_on_the_same_rubric_and_kept_out_of_the_figures(
        self, cast, portal, rita, mailoutbox, django_capture_on_commit_callbacks
    ):
        data = {
            k: v
            for k, v in submission_data(asset_name="BOR-220").items()
            if k in services.INTERNAL_FIELDS
        }
        with django_capture_on_commit_callbacks(execute=True):
            programme = services.internal_programme_add(actor=cast.bob, data=data)
        assert programme.is_internal and programme.reference.startswith("BOREALIS-")
        assert mailoutbox == [], "nobody outside is told"
        services.review_submit(actor=cast.bob, submission=programme, scores=scores(5))
        services.review_submit(actor=rita, submission=programme, scores=scores(1))
        row = next(r for r in submission_queue(user=cast.bob) if r.submission == programme)
        assert row.bd_score == Decimal("5.00") and row.nih is False
        assert portal_statistics(portal).total == 0
        with pytest.raises(PermissionDenied):
            services.internal_programme_add(actor=rita, data=data)


def test_a_blind_first_pass_cannot_be_beaten_by_searching_the_submitters_name(cast, portal):
    submit(portal)
    assert len(submission_queue(user=cast.bob, filters=QueueFilters(search="Quist"))) == 1
    services.portal_save(actor=cast.bob, blind_first_pass=True)
    assert len(submission_queue(user=cast.bob, filters=QueueFilters(search="Quist"))) == 0
    assert len(submission_queue(user=cast.bob, filters=QueueFilters(search="QB-17"))) == 1

"""The path to a deal: stages in order with a date and an owner, a CDA each side signs for itself,
no term sheet before it, and a signed deal that creates the alliance with the submitter."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from concord.core import clock
from concord.core.models import AuditEvent
from concord.portal import selectors, services
from concord.portal.models import CdaSignature, DealStage, DealStep, Submission
from concord.portal.tests.test_services import portal, submission_data, submit  # noqa: F401
from concord.portal.tests.test_team_views import client_for
from conftest import api_client, assert_api_error, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cast, portal):  # noqa: F811
    """Helix (Alice's biotech) submitted with its account; Bob advanced it."""
    issued = services.submission_create(
        portal=portal, data=submission_data(contact_email="alice@helix.test"), submitter=cast.alice
    )
    services.submission_decide(actor=cast.bob, submission=issued.submission, outcome="cda")
    return issued


def record(cast, submission, stage, **kwargs):
    return services.deal_stage_record(actor=cast.bob, submission=submission, stage=stage, **kwargs)


def fresh(submission) -> Submission:
    return Submission.objects.unscoped().get(pk=submission.pk)


def test_advancing_requests_a_cda_owned_by_whoever_advanced(cast, issued):
    submission = fresh(issued.submission)
    assert submission.deal_stage == DealStage.CDA_REQUESTED
    step = DealStep.objects.unscoped().get(submission=submission)
    assert (step.stage, step.owner, step.on) == ("cda_requested", cast.bob, clock.today())


def test_no_term_sheet_before_a_cda_signed_by_both(cast, issued):
    submission = issued.submission
    with pytest.raises(ValidationError) as error:
        record(cast, submission, "term_sheet")
    assert error.value.message_dict["stage"] == [
        "No term sheet before the CDA is signed by both sides."
    ]
    record(cast, submission, "cda_sent")
    for stage, words in (
        ("cda_signed", "each through its own people"),
        ("evaluation", "No confidential evaluation before the CDA"),
        ("term_sheet", "No term sheet before the CDA"),
    ):
        with pytest.raises(ValidationError) as error:
            record(cast, submission, stage)
        assert words in error.value.message_dict["stage"][0]
    assert fresh(submission).deal_stage == DealStage.CDA_SENT


def test_advancing_straight_to_a_term_sheet_is_refused(cast, portal):  # noqa: F811
    submission = submit(portal).submission
    with pytest.raises(ValidationError) as error:
        services.submission_decide(actor=cast.bob, submission=submission, outcome="term_sheet")
    assert "No term sheet before a CDA" in error.value.message_dict["outcome"][0]
    assert fresh(submission).status == Submission.Status.RECEIVED


def test_a_stage_names_every_problem_with_its_date_and_owner(cast, issued):
    tomorrow = clock.today() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        record(cast, issued.submission, "cda_sent", on=tomorrow, owner=cast.alice)
    assert set(error.value.message_dict) == {"on", "owner"}
    with pytest.raises(ValidationError) as error:
        record(cast, issued.submission, "term_sheet", on=tomorrow)
    assert set(error.value.message_dict) == {"stage"}, "stage order is refused first"
    assert DealStep.objects.unscoped().count() == 1


def test_the_cda_is_signed_by_each_side_for_itself_then_the_path_reaches_the_deal(cast, issued):
    submission = issued.submission
    with pytest.raises(ValidationError) as error:
        services.cda_sign_for_receiver(actor=cast.bob, submission=submission, **signed())
    assert "once it has been sent" in error.value.message_dict["cda"][0]
    record(cast, submission, "cda_sent")
    with pytest.raises(ValidationError) as error:
        services.cda_sign_for_receiver(
            actor=cast.bob, submission=submission, password="wrong", meaning="approve"
        )
    assert "password" in error.value.message_dict
    services.cda_sign_for_receiver(actor=cast.bob, submission=submission, **signed())
    with pytest.raises(ValidationError) as error:
        services.cda_sign_for_receiver(actor=cast.bob, submission=submission, **signed())
    assert error.value.message_dict["cda"] == ["Your side has already signed the CDA."]
    # Borealis cannot sign for Helix, link or not.
    with pytest.raises(PermissionDenied):
        services.cda_sign_for_submitter(
            submission=submission, printed_name="Bob Byrne", authorised=True, actor=cast.bob
        )
    assert fresh(submission).deal_stage == DealStage.CDA_SENT
    with pytest.raises(ValidationError) as error:
        services.cda_sign_for_submitter(
            submission=submission, printed_name="", authorised=False, actor=cast.alice
        )
    assert set(error.value.message_dict) == {"printed_name", "authorised"}
    services.cda_sign_for_submitter(
        submission=submission, printed_name="Alice Adams", authorised=True, actor=cast.alice
    )
    assert fresh(submission).deal_stage == DealStage.CDA_SIGNED
    theirs = CdaSignature.objects.unscoped().get(submission=submission, side="submitter")
    assert theirs.signer == cast.alice and theirs.organisation_name == "Quist Bio"

    record(cast, submission, "evaluation")
    record(cast, submission, "term_sheet", owner=cast.erin, note="Heads of terms sent")
    assert fresh(submission).status == Submission.Status.TERM_SHEET
    record(cast, submission, "deal_signed")
    done = fresh(submission)
    assert done.deal_stage == DealStage.DEAL_SIGNED and done.alliance is not None
    assert {p.organisation for p in done.alliance.parties.all()} == {cast.borealis, cast.helix}
    with pytest.raises(ValidationError) as error:
        record(cast, submission, "deal_signed")
    assert "complete" in error.value.message_dict["stage"][0]


def test_a_submitter_sees_its_own_stages_only_and_another_biotech_nothing(cast, issued, portal):  # noqa: F811
    other = submit(portal, contact_email="nora@quistbio.test").submission
    services.submission_decide(actor=cast.bob, submission=other, outcome="cda")
    assert DealStep.objects.visible_to(cast.bob).count() == 2
    assert [s.submission_id for s in DealStep.objects.visible_to(cast.alice)] == [
        issued.submission.pk
    ]
    assert DealStep.objects.visible_to(cast.dave).count() == 0
    assert CdaSignature.objects.visible_to(cast.dave).count() == 0
    path = selectors.deal_path(user=cast.dave, submission=issued.submission)
    assert path.steps == [] and path.signatures == []


def test_the_team_page_records_stages_and_the_status_page_follows(cast, issued):
    submission = issued.submission
    bob = client_for(cast.bob)
    page = bob.get(reverse("portal:submission-detail", args=[submission.pk])).content.decode()
    assert "Path to a deal" in page and "Next: CDA sent" in page
    response = bob.post(
        reverse("portal:submission-stage", args=[submission.pk]),
        {"stage": "cda_sent", "on": clock.today().isoformat(), "owner": cast.bob.pk},
    )
    assert response.status_code == 302
    response = bob.post(
        reverse("portal:submission-cda-sign", args=[submission.pk]),
        {"password": "not it", "meaning": "approve"},
    )
    assert response.status_code == 200 and "password" in response.content.decode().lower()
    assert not CdaSignature.objects.unscoped().exists()

    status_url = reverse("portal:submission-status", args=[issued.token])
    page = Client().get(status_url).content.decode()
    assert "has sent you a confidentiality agreement" in page
    response = Client().post(
        reverse("portal:status-cda-sign", args=[issued.token]),
        {"printed_name": "Nora Quist", "authorised": "on"},
    )
    assert response.status_code == 302
    page = Client().get(status_url).content.decode()
    assert "You have signed for your side" in page
    signature = CdaSignature.objects.unscoped().get()
    assert signature.side == "submitter" and signature.signer is None


def test_the_submitters_account_signs_its_side_through_the_api(cast, issued):
    submission = issued.submission
    record(cast, submission, "cda_sent")
    services.cda_sign_for_receiver(actor=cast.bob, submission=submission, **signed())
    path = f"/api/v1/portal/submissions/{submission.pk}/cda/submitter-signature"

    def sign(user, **data):
        body = {"printed_name": "Alice Adams", "authorised": True} | data
        return api_client(user).post(path, body, content_type="application/json")

    assert_api_error(sign(cast.alice, authorised=False), 422, "authorised")
    assert_api_error(sign(cast.carol), 403)  # a viewer at Helix
    assert_api_error(sign(cast.bob), 403)  # the receiving side signs only its own
    assert_api_error(sign(cast.dave), 404)
    assert fresh(submission).deal_stage == DealStage.CDA_SENT
    answer = sign(cast.alice)
    assert answer.status_code == 201, answer.content
    assert fresh(submission).deal_stage == DealStage.CDA_SIGNED
    theirs = CdaSignature.objects.unscoped().get(submission=submission, side="submitter")
    assert theirs.signer == cast.alice
    assert_api_error(sign(cast.alice), 422, "cda")


def test_a_recorded_stage_is_corrected_between_its_neighbours_and_audited(cast, issued):
    submission = issued.submission
    today = clock.today()
    requested = DealStep.objects.unscoped().get(submission=submission)
    requested.on = today - datetime.timedelta(days=20)
    requested.save(update_fields=["on"])
    sent = record(cast, submission, "cda_sent", on=today - datetime.timedelta(days=10))
    bob = client_for(cast.bob)
    url = reverse("portal:stage-correct", args=[requested.pk])
    detail = bob.get(reverse("portal:submission-detail", args=[submission.pk]))
    assert url in detail.content.decode() and bob.get(url).status_code == 200
    # After the CDA was sent, by a stranger, without a reason: every problem at once.
    page = bob.post(url, {"on": str(today - datetime.timedelta(days=5)), "owner": cast.alice.pk})
    assert page.status_code == 200
    assert set(page.context["form"].errors) == {"owner", "reason"}
    with pytest.raises(ValidationError) as error:
        services.deal_step_correct(
            actor=cast.bob,
            step=requested,
            on=today - datetime.timedelta(days=5),
            owner=cast.bob,
            reason="",
        )
    assert set(error.value.message_dict) == {"on", "reason"}
    answer = bob.post(
        url,
        {"on": str(today - datetime.timedelta(days=12)), "owner": cast.erin.pk, "reason": "Typo"},
    )
    assert answer.status_code == 200  # the service refuses a four-letter reason
    answer = bob.post(
        url,
        {
            "on": str(today - datetime.timedelta(days=12)),
            "owner": cast.erin.pk,
            "reason": "Entered the day we met, not the request",
        },
    )
    assert answer.status_code == 302
    fixed = DealStep.objects.unscoped().get(pk=requested.pk)
    assert (fixed.on, fixed.owner) == (today - datetime.timedelta(days=12), cast.erin)
    event = AuditEvent.objects.unscoped().get(action="submission.deal_stage_corrected")
    assert event.before == {"on": str(today - datetime.timedelta(days=20)), "owner": cast.bob.pk}
    assert DealStep.objects.unscoped().get(pk=sent.pk).on == today - datetime.timedelta(days=10)
    assert client_for(cast.alice).get(url).status_code == 404  # the submitter's side
    assert client_for(cast.dave).get(url).status_code == 404

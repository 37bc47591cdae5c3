"""The public side of the partnering portal, told as a story.

Bob opens Borealis's portal and publishes what it seeks. A visitor without an account reads the
page and submits an antibody with a PDF; they get a reference at once, by email too, and follow
the submission through its private link, where they never see the team's internal notes. Alice
submits while signed in, and finds the submission again under her organisation's sent
submissions; Dave, at a rival biotech, does not.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from concord.portal import services
from concord.portal.models import Attachment, Portal, Submission

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FORM = {
    "contact_name": "Vera Visitor",
    "contact_email": "vera@startup.test",
    "submitter_organisation_name": "Startup Therapeutics",
    "asset_name": "STX-7",
    "modality": "antibody",
    "therapeutic_area": "oncology",
    "indication": "Triple-negative breast cancer",
    "stage": "preclinical",
    "mechanism": "Bispecific antibody engaging T cells against TROP2",
    "differentiation": "Half the dose of the approved comparator in xenografts.",
    "data_summary": "In vivo efficacy in three models; clean tox in rodents.",
    "ip_status": "Composition of matter filed 2024, owned outright.",
    "deal_type": "licence",
}


def pdf(name: str = "deck.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def portal(cast: Any) -> Portal:
    portal = services.portal_save(
        actor=cast.bob, slug="borealis", introduction="Borealis partners from discovery on."
    )
    services.area_save(
        actor=cast.bob,
        title="Solid tumours",
        therapeutic_areas=["oncology"],
        modalities=["antibody", "adc"],
        stages=["preclinical", "phase_1"],
        deal_types=["licence", "build_to_buy"],
        reviewers=[cast.bob],
    )
    services.area_save(actor=cast.bob, title="Vaccines", kind="avoid", modalities=["vaccine"])
    return portal


def submit(client: Client, files: list[Any] | None = None, **overrides: Any) -> Any:
    data = {**FORM, "attested_non_confidential": "on", **overrides}
    if files:
        data["attachments"] = files
    return client.post(reverse("portal:submit", args=["borealis"]), data)


def received(portal: Portal, submitter: Any = None, **overrides: Any) -> services.IssuedSubmission:
    """A submission made through the service, for the stories that start after it arrived."""
    data = {**FORM, "attested_non_confidential": True, **overrides}
    return services.submission_create(
        portal=portal, data=data, attachments=[pdf()], submitter=submitter
    )


def nothing_saved() -> bool:
    return not Submission.objects.unscoped().exists() and not Attachment.objects.unscoped().exists()


# --- The public page -----------------------------------------------------------------------------


def test_anonymous_visitor_reads_what_the_portal_seeks_and_its_response_times(client, portal):
    html = client.get(reverse("portal:public", args=["borealis"])).content.decode()
    assert "Partnering with Borealis Pharma" in html
    assert "Borealis partners from discovery on." in html
    assert "Solid tumours" in html and "Oncology" in html
    assert "Antibody–drug conjugate" in html and "Build-to-Buy option" in html
    assert "What we do not seek" in html and "Vaccines" in html
    assert "Within 30 days" in html and "Within 90 days" in html
    assert reverse("portal:submit", args=["borealis"]) in html
    assert "Median time" not in html  # statistics are unpublished by default


def test_a_portal_may_publish_its_headline_statistics(client, portal, cast):
    services.portal_save(actor=cast.bob, publish_statistics=True)
    received(portal)
    html = client.get(reverse("portal:public", args=["borealis"])).content.decode()
    assert "Submissions received" in html and "Median time to decision" in html


def test_unknown_portal_is_404(client, portal):
    assert client.get(reverse("portal:public", args=["nobody"])).status_code == 404
    assert client.get(reverse("portal:submit", args=["nobody"])).status_code == 404


def test_a_closed_portal_takes_no_submissions(client, portal, cast):
    services.portal_save(actor=cast.bob, is_open=False)
    page = client.get(reverse("portal:public", args=["borealis"])).content.decode()
    assert "Not accepting submissions" in page
    assert reverse("portal:submit", args=["borealis"]) not in page
    form = client.get(reverse("portal:submit", args=["borealis"])).content.decode()
    assert "Not accepting submissions" in form and 'name="asset_name"' not in form
    assert submit(client).status_code == 200
    assert nothing_saved()


# --- Submitting ----------------------------------------------------------------------------------


def test_anonymous_visitor_submits_and_gets_a_reference_on_screen_and_by_email(
    client, portal, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, files=[pdf("deck.pdf"), pdf("data.pdf")])

    assert response.status_code == 302
    status_path = response["Location"]
    assert status_path.startswith("/submissions/status/")
    submission = Submission.objects.unscoped().get()
    assert submission.submitted_by is None and submission.submitter_organisation is None
    assert submission.submitter_ip_hash  # REMOTE_ADDR counted for the rate limit
    assert Attachment.objects.unscoped().filter(submission=submission).count() == 2
    html = client.get(status_path).content.decode()
    assert f"Your reference is {submission.reference}" in html
    assert "keep the link private" in html
    assert "STX-7" in html and "Received" in html
    acknowledgement = [m for m in mailoutbox if m.to == ["vera@startup.test"]]
    assert len(acknowledgement) == 1
    assert submission.reference in acknowledgement[0].body
    assert status_path in acknowledgement[0].body


def test_the_form_caps_fields_at_the_models_lengths(client, portal):
    response = submit(client, asset_name="X" * 201)
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
    assert nothing_saved()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([pdf("notes.pdf", b"PK\x03\x04 a zip pretending")], "notes.pdf is not a PDF."),
        # A PDF's header opens the file: one hidden further in is another format's file.
        ([pdf("inside.pdf", b"<html>" + b" " * 100 + PDF)], "inside.pdf is not a PDF."),
        ([pdf("huge.pdf", PDF + b"0" * (10 * 1024 * 1024))], "huge.pdf is larger than 10 MB."),
        ([pdf(f"part{i}.pdf") for i in range(6)], "Attach at most 5 PDFs."),
    ],
    ids=["not-a-pdf", "pdf-header-not-first", "over-10-mb", "six-files"],
)
def test_bad_attachments_are_refused_clearly_and_nothing_is_saved(client, portal, files, message):
    response = submit(client, files=files)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_saved()


def test_the_non_confidential_attestation_is_required(client, portal):
    data = {**FORM, "attachments": [pdf()]}
    response = client.post(reverse("portal:submit", args=["borealis"]), data)
    assert response.status_code == 200
    assert "Confirm that the submission is non-confidential." in response.content.decode()
    assert nothing_saved()


def test_a_filled_honeypot_looks_like_success_but_saves_nothing(
    client, portal, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, files=[pdf()], website="http://spam.test")
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert nothing_saved()
    assert mailoutbox == []


def test_the_sixth_submission_in_an_hour_from_one_email_is_refused(client, portal):
    for number in range(5):
        assert submit(client, asset_name=f"STX-{number}").status_code == 302
    response = submit(client, asset_name="STX-6")
    assert response.status_code == 200
    assert "Too many submissions from this email" in response.content.decode()
    assert Submission.objects.unscoped().count() == 5


# --- Following a submission ----------------------------------------------------------------------


def test_the_status_page_never_shows_internal_notes_and_shows_the_decision(client, portal, cast):
    issued = received(portal)
    submission, url = issued.submission, reverse("portal:submission-status", args=[issued.token])
    services.message_post(
        actor=cast.bob, submission=submission, body="Internal: R&D is lukewarm.", internal=True
    )
    services.message_post(actor=cast.bob, submission=submission, body="Thanks, we are reading.")

    html = client.get(url).content.decode()
    assert "Thanks, we are reading." in html
    assert "lukewarm" not in html
    assert "Due by" in html  # the service-level dates
    assert 'name="body"' in html  # the dialogue is open

    feedback = "Promising biology, but we need in vivo data in a second model. " * 4
    services.submission_decide(
        actor=cast.bob,
        submission=submission,
        outcome="declined",
        reasons=["too_early"],
        feedback=feedback,
    )
    html = client.get(url).content.decode()
    assert "Decision: Declined" in html and "Too early" in html
    assert "need in vivo data in a second model" in html
    assert "lukewarm" not in html
    assert 'name="body"' not in html  # decided: the dialogue is closed


def test_the_submitter_answers_a_question_through_the_status_link(client, portal, cast):
    issued = received(portal)
    services.submission_request_info(
        actor=cast.bob, submission=issued.submission, question="What is the half-life?"
    )
    url = reverse("portal:submission-status", args=[issued.token])
    assert "Question for you" in client.get(url).content.decode()

    response = client.post(url, {"body": "About nine days in cynomolgus monkeys."}, follow=True)

    assert "Your reply was sent to the team." in response.content.decode()
    issued.submission.refresh_from_db()
    assert issued.submission.status == Submission.Status.UNDER_REVIEW
    assert issued.submission.paused_since is None


def test_a_reply_after_the_decision_is_refused_with_a_message(client, portal, cast):
    issued = received(portal)
    services.submission_decide(actor=cast.bob, submission=issued.submission, outcome="cda")
    url = reverse("portal:submission-status", args=[issued.token])
    response = client.post(url, {"body": "One more thing…"})
    assert "the dialogue is closed" in response.content.decode()


def test_an_unknown_status_link_is_404(client, portal):
    received(portal)
    assert client.get(reverse("portal:submission-status", args=["nope"])).status_code == 404
    assert client.get(reverse("portal:status-attachment", args=["nope", 1])).status_code == 404


def test_attachments_download_through_their_own_status_link_only(client, portal):
    mine, theirs = received(portal), received(portal, contact_email="other@startup.test")
    own = Attachment.objects.unscoped().get(submission=mine.submission)
    other = Attachment.objects.unscoped().get(submission=theirs.submission)
    status = client.get(reverse("portal:submission-status", args=[mine.token])).content.decode()
    url = reverse("portal:status-attachment", args=[mine.token, own.pk])
    assert url in status

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF
    foreign = reverse("portal:status-attachment", args=[mine.token, other.pk])
    assert client.get(foreign).status_code == 404


# --- An account's sent submissions ---------------------------------------------------------------


def test_a_signed_in_submitter_starts_from_their_own_organisation(client, portal, cast):
    client.force_login(cast.alice)
    html = client.get(reverse("portal:submit", args=["borealis"])).content.decode()
    assert 'value="Helix Biotherapeutics"' in html and 'value="alice@helix.test"' in html


def test_alice_sees_her_organisations_sent_submissions_and_dave_does_not(client, portal, cast):
    client.force_login(cast.alice)
    assert submit(client, contact_email="alice@helix.test", asset_name="HLX-9").status_code == 302
    submission = Submission.objects.unscoped().get()
    assert submission.submitter_organisation == cast.helix
    services.message_post(
        actor=cast.bob, submission=submission, body="Secret: park it.", internal=True
    )
    services.message_post(actor=cast.bob, submission=submission, body="We are on it.")

    html = client.get(reverse("portal:sent")).content.decode()
    assert submission.reference in html and "HLX-9" in html and "Borealis Pharma" in html
    assert "We are on it." in html and "park it" not in html

    client.force_login(cast.carol)  # read-only colleague at Helix: same organisation, same list
    assert submission.reference in client.get(reverse("portal:sent")).content.decode()
    client.force_login(cast.dave)
    html = client.get(reverse("portal:sent")).content.decode()
    assert submission.reference not in html and "No submissions yet" in html


def test_sent_submissions_need_an_account(client, portal):
    response = client.get(reverse("portal:sent"))
    assert response.status_code == 302 and "/login" in response["Location"]

"""The receiving team's portal pages, told with the shared cast.

Bob runs Borealis Pharma's partnering portal (business development track); Rita is a Borealis
scientist (R&D track); Erin, Borealis's executive sponsor, reviews but does not decide. Alice
(Helix) and Dave (Cobalt) submit to Borealis but must never see its queue or its reviews.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.alliances.models import Alliance
from concord.orgs.models import User
from concord.portal import charts, clock, services
from concord.portal.models import Criterion, Portal, Review, Submission
from conftest import colleague

pytestmark = pytest.mark.django_db

SUBMISSION = {
    "contact_name": "Sam Stone",
    "contact_email": "sam@kestrel.test",
    "submitter_organisation_name": "Kestrel Therapeutics",
    "asset_name": "KT-204",
    "modality": "antibody",
    "therapeutic_area": "oncology",
    "indication": "KRAS-mutant colorectal cancer",
    "stage": "preclinical",
    "mechanism": "Bispecific antibody engaging T cells against a KRAS neoantigen",
    "differentiation": "Works where checkpoint inhibitors fail.",
    "data_summary": "Tumour regression in three xenograft models.",
    "ip_status": "Composition of matter filed 2024.",
    "deal_type": "licence",
    "attested_non_confidential": True,
}
LONG_FEEDBACK = (
    "Thank you for a clear submission. KT-204's xenograft data are promising, but our oncology "
    "portfolio already holds two T-cell engagers at a similar stage. We would look again with "
    "first-in-human safety data or evidence of activity beyond colorectal cancer."
)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html(response: Any) -> str:
    return response.content.decode()


def submit(portal: Portal, n: int = 0, **fields: Any) -> Submission:
    """A submission from a stranger (each from its own address, to stay under the rate limit)."""
    data = {**SUBMISSION, "contact_email": f"sam{n}@kestrel.test", **fields}
    return services.submission_create(portal=portal, data=data).submission


def submitted_days_ago(submission: Submission, days: int) -> None:
    Submission.objects.unscoped().filter(pk=submission.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days)
    )
    # Rewritten behind the services' back: the kept deadlines follow, as on arrival.
    clock.deadlines_refresh(Portal.objects.unscoped().get(organisation=submission.organisation))


def rubric(score: int, comment: str = "Solid.") -> dict[str, str]:
    """The review form's fields, every criterion scored alike."""
    data = {}
    for criterion in Criterion.values:
        data[criterion] = str(score)
        data[f"{criterion}_comment"] = comment
    return data


def queue_names(user: User, **query: Any) -> list[str]:
    """The asset names in the queue, in the order shown."""
    response = client_for(user).get(reverse("portal:queue"), query)
    assert response.status_code == 200
    return re.findall(r'portal/submissions/\d+/"><strong>([^<]+)</strong>', html(response))


@pytest.fixture
def rita(cast: Any) -> User:
    return colleague(cast.bob, "rita@borealis.test", "Rita", "Rao", "scientist")


@pytest.fixture
def portal(cast: Any, rita: User) -> Portal:
    portal = services.portal_save(actor=cast.bob, slug="borealis", head_of_bd=cast.bob)
    services.area_save(
        actor=cast.bob,
        title="Oncology antibodies",
        kind="seek",
        therapeutic_areas=["oncology"],
        modalities=["antibody"],
        reviewers=[cast.bob, rita],
    )
    return portal


@pytest.fixture
def kt204(portal: Portal) -> Submission:
    return submit(portal)


# --- The queue ---------------------------------------------------------------------------------


def test_the_queue_lists_borealis_submissions_soonest_deadline_first(cast, portal):
    newest = submit(portal, 1, asset_name="Newest")
    oldest = submit(portal, 2, asset_name="Oldest")
    middle = submit(portal, 3, asset_name="Middle")
    submitted_days_ago(oldest, 20)
    submitted_days_ago(middle, 10)
    assert queue_names(cast.bob) == ["Oldest", "Middle", "Newest"]
    assert queue_names(cast.bob, sort="-submitted") == ["Newest", "Middle", "Oldest"]
    assert newest.reference in html(client_for(cast.bob).get(reverse("portal:queue")))


def test_a_queue_row_explains_its_match_and_shows_reviewers_and_deadline(cast, portal, kt204):
    page = html(client_for(cast.bob).get(reverse("portal:queue")))
    assert "Kestrel Therapeutics" in page
    assert "Oncology antibodies" in page and "Oncology, Antibody" in page
    assert "Rita Rao" in page
    assert "first response" in page
    assert f'value="{kt204.pk}"' in page  # Bob may assign: the row has its checkbox


def test_search_and_filters_narrow_the_queue(cast, portal):
    submit(portal, 1, asset_name="KT-204")
    submit(portal, 2, asset_name="NX-9", therapeutic_area="neuroscience", indication="ALS")
    late = submit(portal, 3, asset_name="LATE-1")
    submitted_days_ago(late, 45)
    assert queue_names(cast.bob, search="ALS") == ["NX-9"]
    assert queue_names(cast.bob, therapeutic_area="neuroscience") == ["NX-9"]
    assert queue_names(cast.bob, flag="overdue") == ["LATE-1"]
    assert sorted(queue_names(cast.bob, reviewer="mine")) == ["KT-204", "LATE-1"]
    page = html(client_for(cast.bob).get(reverse("portal:queue"), {"flag": "overdue"}))
    assert "Overdue" in page
    assert "No submissions match" in html(
        client_for(cast.bob).get(reverse("portal:queue"), {"search": "nothing like this"})
    )


def test_decided_submissions_are_hidden_until_asked(cast, portal):
    submit(portal, 1, asset_name="OPEN-1")
    cda = submit(portal, 2, asset_name="CDA-2")
    services.submission_decide(actor=cast.bob, submission=cda, outcome="cda")
    assert queue_names(cast.bob) == ["OPEN-1"]
    assert queue_names(cast.bob, closed="on") == ["OPEN-1", "CDA-2"]  # open ones first
    assert queue_names(cast.bob, status="cda") == ["CDA-2"]  # naming a decided status shows it
    page = html(client_for(cast.bob).get(reverse("portal:queue")))
    assert 'name="closed"' in page and "Show decided" in page


def test_htmx_filtering_answers_with_the_results_only(cast, portal, kt204):
    response = client_for(cast.bob).get(
        reverse("portal:queue"),
        {"search": "KT"},
        headers={"HX-Request": "true", "HX-Target": "queue-results"},
    )
    assert "KT-204" in html(response)
    assert "<html" not in html(response)


def test_alice_and_dave_see_no_rows_of_borealis_and_get_404_on_its_pages(cast, portal):
    helix_sent = submit(portal, 1, asset_name="HX-1")
    Submission.objects.unscoped().filter(pk=helix_sent.pk).update(
        submitter_organisation=cast.helix, submitted_by=cast.alice
    )
    attachment_owner = services.submission_create(
        portal=portal,
        data={**SUBMISSION, "contact_email": "deck@kestrel.test"},
        attachments=[SimpleUploadedFile("deck.pdf", b"%PDF-1.4 deck", "application/pdf")],
    ).submission
    attachment = attachment_owner.attachments.all()[0]
    for outsider in (cast.alice, cast.dave):
        client = client_for(outsider)
        queue = html(client.get(reverse("portal:queue")))
        assert "HX-1" not in queue and "KT-204" not in queue
        for pk in (helix_sent.pk, attachment_owner.pk):
            assert client.get(reverse("portal:submission-detail", args=[pk])).status_code == 404
            for name in ("portal:submission-review", "portal:submission-decide"):
                assert client.post(reverse(name, args=[pk]), rubric(5)).status_code == 404
        assert client.get(reverse("portal:attachment", args=[attachment.pk])).status_code == 404
    assert not Review.objects.unscoped().exists()


def test_a_team_without_a_portal_is_invited_to_open_one(cast):
    page = html(client_for(cast.alice).get(reverse("portal:queue")))
    assert "Your partnering portal is not open yet" in page
    assert reverse("portal:settings") in page


def test_bob_assigns_reviewers_to_several_submissions_at_once(cast, portal):
    first, second = submit(portal, 1), submit(portal, 2, therapeutic_area="neuroscience")
    client = client_for(cast.bob)
    response = client.post(
        reverse("portal:assign"),
        {
            "submissions": [first.pk, second.pk],
            "reviewers": [cast.erin.pk],
            "querystring": "sort=match",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:queue") + "?sort=match"
    for submission in (first, second):
        assert cast.erin in submission.reviewers.all()
    page = html(client.get(response["Location"]))
    assert "Assigned Erin Eklund to 2 submissions." in page


def test_assigning_another_organisations_submission_is_404(cast, portal, kt204):
    response = client_for(cast.dave).post(
        reverse("portal:assign"), {"submissions": [kt204.pk], "reviewers": [cast.dave.pk]}
    )
    assert response.status_code == 404
    assert cast.dave not in kt204.reviewers.all()
    # Even with a reviewer Dave could never choose, the answer is about the submission.
    foreign = {"submissions": [kt204.pk], "reviewers": [cast.erin.pk]}
    assert client_for(cast.dave).post(reverse("portal:assign"), foreign).status_code == 404
    mixed = {"submissions": [kt204.pk, kt204.pk + 1000], "reviewers": [cast.erin.pk]}
    assert client_for(cast.bob).post(reverse("portal:assign"), mixed).status_code == 404
    assert cast.erin not in kt204.reviewers.all()


def test_a_viewer_cannot_assign(cast, portal, kt204):
    viewer = colleague(cast.bob, "vic@borealis.test", "Vic", "Vance", "viewer")
    assert f'value="{kt204.pk}"' not in html(client_for(viewer).get(reverse("portal:queue")))
    response = client_for(viewer).post(
        reverse("portal:assign"), {"submissions": [kt204.pk], "reviewers": [cast.erin.pk]}
    )
    assert response.status_code == 403


def test_the_assign_form_asks_for_a_reviewer(cast, portal, kt204):
    response = client_for(cast.bob).post(
        reverse("portal:assign"), {"submissions": [kt204.pk]}, follow=True
    )
    assert "Choose at least one reviewer." in html(response)


# --- One submission ----------------------------------------------------------------------------


def test_bob_and_rita_score_on_their_tracks_and_a_large_gap_raises_the_nih_flag(
    cast, portal, kt204, rita
):
    detail = reverse("portal:submission-detail", args=[kt204.pk])
    review = reverse("portal:submission-review", args=[kt204.pk])
    assert "Business development track" in html(client_for(cast.bob).get(detail))
    assert (
        client_for(cast.bob).post(review, rubric(5, "Fits our oncology strategy.")).status_code
        == 302
    )
    assert "R&amp;D track" in html(client_for(rita).get(detail))
    assert (
        client_for(rita).post(review, rubric(2, "We could make this ourselves.")).status_code == 302
    )
    tracks = {r.reviewer: r.track for r in Review.objects.unscoped().filter(submission=kt204)}
    assert tracks == {cast.bob: Review.Track.BD, rita: Review.Track.RND}
    page = html(client_for(cast.bob).get(detail))
    assert "“Not invented here” flag." in page
    assert "We could make this ourselves." in page and "Fits our oncology strategy." in page
    assert "Not invented here?" in html(client_for(cast.bob).get(reverse("portal:queue")))
    assert queue_names(cast.bob, flag="nih") == ["KT-204"]


def test_an_incomplete_review_is_refused_with_the_errors_shown(cast, portal, kt204):
    data = rubric(4)
    del data["feasibility"]
    data["ip_position_comment"] = ""
    response = client_for(cast.bob).post(reverse("portal:submission-review", args=[kt204.pk]), data)
    assert response.status_code == 200
    assert "Score this criterion from 1 to 5." in html(response)
    assert "Say in a comment why you gave this score." in html(response)
    assert not Review.objects.unscoped().exists()


def test_a_scientist_reviews_but_cannot_decide(cast, portal, kt204, rita):
    page = html(client_for(rita).get(reverse("portal:submission-detail", args=[kt204.pk])))
    assert "Submit review" in page
    assert "Record the decision" not in page
    response = client_for(rita).post(
        reverse("portal:submission-decide", args=[kt204.pk]),
        {"outcome": "declined", "reasons": ["too_early"], "feedback": LONG_FEEDBACK},
    )
    assert response.status_code == 403
    kt204.refresh_from_db()
    assert kt204.status == Submission.Status.RECEIVED


def test_a_viewer_reads_the_submission_but_sees_no_forms(cast, portal, kt204):
    viewer = colleague(cast.bob, "vic@borealis.test", "Vic", "Vance", "viewer")
    page = html(client_for(viewer).get(reverse("portal:submission-detail", args=[kt204.pk])))
    assert "KT-204" in page
    for action in ("Submit review", "Post", "Record the decision", "Send the question"):
        assert f">{action}</button>" not in page
    response = client_for(viewer).post(
        reverse("portal:submission-message", args=[kt204.pk]),
        {"audience": "note", "body": "Looks good."},
    )
    assert response.status_code == 403


def test_bob_declines_with_reasons_and_real_feedback(cast, portal, kt204):
    response = client_for(cast.bob).post(
        reverse("portal:submission-decide", args=[kt204.pk]),
        {
            "outcome": "declined",
            "reasons": ["competing_programme", "too_early"],
            "feedback": LONG_FEEDBACK,
        },
        follow=True,
    )
    kt204.refresh_from_db()
    assert kt204.status == Submission.Status.DECLINED
    assert kt204.decline_reasons == ["competing_programme", "too_early"]
    page = html(response)
    assert "Declined. The submitter is told." in page
    assert "Competing internal programme, Too early" in page
    assert "our oncology portfolio already holds" in page


def test_short_feedback_is_refused_with_the_error_shown(cast, portal, kt204):
    response = client_for(cast.bob).post(
        reverse("portal:submission-decide", args=[kt204.pk]),
        {"outcome": "declined", "reasons": ["too_early"], "feedback": "Too early for us."},
    )
    assert response.status_code == 200
    assert "at least 200 characters" in html(response)
    assert 'id="id_feedback-errors"' in html(response)
    kt204.refresh_from_db()
    assert kt204.status == Submission.Status.RECEIVED


def test_advancing_with_create_alliance_proposes_an_alliance(cast, portal, kt204):
    response = client_for(cast.bob).post(
        reverse("portal:submission-decide", args=[kt204.pk]),
        {"outcome": "cda", "create_alliance": "on"},
    )
    kt204.refresh_from_db()
    assert kt204.status == Submission.Status.CDA
    alliance = Alliance.objects.unscoped().get(pk=kt204.alliance_id)
    assert alliance.is_proposed
    assert response["Location"] == reverse("alliances:alliance-detail", args=[alliance.pk])


def test_the_dialogue_marks_internal_notes_and_asking_pauses_the_clocks(cast, portal, kt204):
    client = client_for(cast.bob)
    message = reverse("portal:submission-message", args=[kt204.pk])
    client.post(message, {"audience": "note", "body": "Check against our KRAS programme."})
    client.post(message, {"audience": "submitter", "body": "Thank you; we are reviewing it."})
    client.post(
        reverse("portal:submission-ask", args=[kt204.pk]),
        {"question": "Do you have toxicology data?"},
    )
    page = html(client.get(reverse("portal:submission-detail", args=[kt204.pk])))
    assert page.count("Internal — never shown to the submitter") == 1
    assert "Check against our KRAS programme." in page
    assert "Do you have toxicology data?" in page
    kt204.refresh_from_db()
    assert kt204.status == Submission.Status.INFO_REQUESTED and kt204.paused_since is not None
    assert "Clocks paused" in page


def test_the_team_downloads_an_attachment(cast, portal):
    submission = services.submission_create(
        portal=portal,
        data=SUBMISSION,
        attachments=[SimpleUploadedFile("deck.pdf", b"%PDF-1.4 the deck", "application/pdf")],
    ).submission
    attachment = submission.attachments.all()[0]
    page = html(client_for(cast.bob).get(reverse("portal:submission-detail", args=[submission.pk])))
    assert reverse("portal:attachment", args=[attachment.pk]) in page
    response = client_for(cast.bob).get(reverse("portal:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 the deck"


def test_the_blind_first_pass_hides_the_submitter_until_the_viewer_reviews(
    cast, portal, kt204, rita
):
    services.portal_save(actor=cast.bob, blind_first_pass=True)
    detail = reverse("portal:submission-detail", args=[kt204.pk])
    queue = html(client_for(rita).get(reverse("portal:queue")))
    assert "Kestrel Therapeutics" not in queue
    assert "Hidden in the blind first pass" in queue
    page = html(client_for(rita).get(detail))
    assert "Kestrel Therapeutics" not in page and "Sam Stone" not in page
    client_for(rita).post(reverse("portal:submission-review", args=[kt204.pk]), rubric(3))
    assert "Kestrel Therapeutics" in html(client_for(rita).get(detail))
    assert "Kestrel Therapeutics" in html(client_for(rita).get(reverse("portal:queue")))
    assert "Kestrel Therapeutics" not in html(client_for(cast.bob).get(reverse("portal:queue")))


# --- Statistics and settings -------------------------------------------------------------------


def test_the_statistics_page_draws_svg_charts_and_counts_the_submission(cast, portal, kt204):
    client_for(cast.bob).post(
        reverse("portal:submission-decide", args=[kt204.pk]),
        {"outcome": "declined", "reasons": ["too_early"], "feedback": LONG_FEEDBACK},
    )
    response = client_for(cast.erin).get(reverse("portal:statistics"))
    assert response.status_code == 200
    page = html(response)
    assert '<svg class="chart"' in page and 'role="img"' in page
    assert re.search(
        r'<span class="stat">1</span><span class="stat__label">Submissions received', page
    )
    assert "Too early: 1" in page  # the reasons chart states its figures in words


def test_statistics_without_submissions_say_so(cast, portal):
    assert "No submissions in the last 18 months" in html(
        client_for(cast.bob).get(reverse("portal:statistics"))
    )


def test_bob_opens_the_portal_from_the_settings_page(cast):
    client = client_for(cast.bob)
    assert "Open your portal" in html(client.get(reverse("portal:settings")))
    data = {
        "slug": "borealis-partnering",
        "is_open": "on",
        "first_response_days": "21",
        "decision_days": "60",
        "nih_threshold": "0.75",
        "head_of_bd": str(cast.erin.pk),
        **{f"weight_{c}": "1" for c in Criterion.values},
        "weight_strategic_fit": "2.5",
    }
    response = client.post(reverse("portal:settings"), data, follow=True)
    assert "Your partnering portal is open." in html(response)
    portal = Portal.objects.unscoped().get(organisation=cast.borealis)
    assert (portal.slug, portal.first_response_days, portal.head_of_bd) == (
        "borealis-partnering",
        21,
        cast.erin,
    )
    assert portal.weights["strategic_fit"] == 2.5 and portal.weights["feasibility"] == 1


def test_bad_weights_show_an_error_and_change_nothing(cast, portal):
    data = {
        "slug": "borealis",
        "first_response_days": "30",
        "decision_days": "90",
        "nih_threshold": "1.00",
        "weight_feasibility": "12",
    }
    response = client_for(cast.bob).post(reverse("portal:settings"), data)
    assert response.status_code == 200
    assert "Weights are numbers from 0 to 10." in html(response)
    portal.refresh_from_db()
    assert portal.weights == {}


def test_only_deciding_roles_reach_the_settings(cast, portal, rita):
    for person in (rita, cast.erin):
        assert client_for(person).get(reverse("portal:settings")).status_code == 403
        assert client_for(person).get(reverse("portal:area-create")).status_code == 403
    assert client_for(cast.bob).get(reverse("portal:settings")).status_code == 200


def test_bob_publishes_and_edits_an_area_of_interest(cast, portal, rita):
    client = client_for(cast.bob)
    response = client.post(
        reverse("portal:area-create"),
        {
            "title": "Neuroscience",
            "kind": "seek",
            "therapeutic_areas": ["neuroscience"],
            "stages": ["phase_1", "phase_2"],
            "reviewers": [rita.pk],
        },
        follow=True,
    )
    assert "Area of interest “Neuroscience” saved." in html(response)
    area = portal.areas.get(title="Neuroscience")
    assert area.stages == ["phase_1", "phase_2"] and list(area.reviewers.all()) == [rita]
    client.post(
        reverse("portal:area-update", args=[area.pk]),
        {"title": "Neuroscience (no gene therapy)", "kind": "seek", "modalities": ["antibody"]},
    )
    area.refresh_from_db()
    assert area.title == "Neuroscience (no gene therapy)" and area.modalities == ["antibody"]
    assert client_for(rita).get(reverse("portal:area-update", args=[area.pk])).status_code == 403


def test_another_organisations_area_is_404(cast, portal):
    area = portal.areas.get()
    services.portal_save(actor=cast.dave, slug="cobalt")
    assert (
        client_for(cast.dave).get(reverse("portal:area-update", args=[area.pk])).status_code == 404
    )


def test_charts_escape_their_labels_and_draw_negative_gaps_left_of_zero():
    svg = charts.bar_chart(
        [("<script>", 1.5), ("Neuroscience", -0.5)], chart_id="c", title="Gap & more"
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Gap &amp; more" in svg
    assert svg.count("chart__bar--negative") == 1


def test_a_month_without_a_gap_breaks_the_line():
    svg = charts.line_chart(
        [("2025-01", 1.0), ("2025-02", 2.0), ("2025-03", None), ("2025-04", 0.5)],
        chart_id="g",
        title="Gap",
    )
    assert svg.count("<polyline") == 1  # Jan–Feb joined; April stands alone
    assert svg.count("<circle") == 3
    assert "3 values." in svg


# --- Performance -------------------------------------------------------------------------------


def queue_queries(user: User) -> int:
    client = client_for(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:queue")).status_code == 200
    return len(queries)


def test_the_queue_runs_as_many_queries_for_12_submissions_as_for_3(cast, portal, rita):
    # Blind first pass on: the queue also asks which rows the viewer has scored.
    services.portal_save(actor=cast.bob, blind_first_pass=True)
    for n in range(3):
        submission = submit(portal, n)
        services.review_submit(actor=cast.bob, submission=submission, scores=_scores(4))
    few = queue_queries(cast.bob)
    for n in range(3, 12):
        submission = submit(portal, n)
        services.review_submit(actor=rita, submission=submission, scores=_scores(2))
    assert queue_queries(cast.bob) == few


def _scores(score: int) -> dict[str, dict[str, Any]]:
    return {c: {"score": score, "comment": "Because."} for c in Criterion.values}


def test_an_internal_programme_is_put_on_the_rubric_from_the_queue(cast):
    from django.test import Client
    from django.urls import reverse

    from concord.portal import services as portal_services

    portal_services.portal_save(actor=cast.bob, slug="borealis-internal")
    client = Client()
    client.force_login(cast.bob)
    assert "Score an internal programme" in client.get(reverse("portal:queue")).content.decode()
    response = client.post(
        reverse("portal:internal-create"),
        {
            "asset_name": "BOR-220",
            "modality": "small_molecule",
            "therapeutic_area": "oncology",
            "indication": "Pancreatic cancer",
            "stage": "preclinical",
            "mechanism": "KRAS G12D inhibitor",
            "differentiation": "Oral, brain-penetrant.",
            "data_summary": "Two PDX models.",
            "ip_status": "Own composition of matter.",
            "deal_type": "licence",
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "BOR-220" in page
    bad = client.post(reverse("portal:internal-create"), {"asset_name": ""})
    assert bad.status_code == 200 and "This field is required" in bad.content.decode()

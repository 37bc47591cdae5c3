"""The portal API told with the cast: Bob's team at Borealis triages what a stranger submits.

Bob opens Borealis's partnering portal; a founder with no account submits through the public API
and follows it with the status token; Bob and Sam (a Borealis scientist) score it, Bob asks a
question, the founder answers, and Bob declines with reasons and feedback. Nobody outside Borealis
— Alice, Carol, Dave, Mallory, nor another pharma's reviewers — sees any of the team's side.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from concord.portal import services
from concord.portal.models import Criterion, Portal, Submission
from conftest import api_client as client_for
from conftest import assert_api_error as assert_error
from conftest import colleague, signup

API = "/api/v1"

FEEDBACK = (
    "Thank you for a clear submission. The mechanism is interesting, but the efficacy data come "
    "from a single xenograft model and the benefit over the approved EGFR inhibitors is not yet "
    "shown. A head-to-head study in a resistant model would change our view; please come back."
)


def post(client: Client, path: str, data: Any = None) -> Any:
    body = data if isinstance(data, str) else json.dumps(data or {})
    return client.post(f"{API}{path}", body, content_type="application/json")


def get(client: Client, path: str, **params: Any) -> Any:
    return client.get(f"{API}{path}", params)


def submission_data(**overrides: Any) -> dict[str, Any]:
    return {
        "contact_name": "Fay Founder",
        "contact_email": "fay@tinybio.test",
        "submitter_organisation_name": "Tiny Bio",
        "asset_name": "TB-7",
        "modality": "antibody",
        "therapeutic_area": "oncology",
        "indication": "EGFR-mutant lung cancer",
        "stage": "preclinical",
        "mechanism": "Bispecific EGFR × MET antibody",
        "differentiation": "Active in osimertinib-resistant models.",
        "data_summary": "Tumour regression in one xenograft model.",
        "ip_status": "Composition of matter filed 2024.",
        "deal_type": "licence",
        "attested_non_confidential": True,
    } | overrides


def scores(value: int, comment: str) -> dict[str, Any]:
    return {criterion: {"score": value, "comment": comment} for criterion in Criterion.values}


@pytest.fixture
def sam(cast):
    """A Borealis scientist: reviews for R&D."""
    return colleague(cast.bob, "sam@borealis.test", "Sam", "Singh", "scientist")


@pytest.fixture
def portal(cast, sam) -> Portal:
    """Bob opens Borealis's portal: it seeks oncology antibodies and rules out vaccines."""
    portal = services.portal_save(actor=cast.bob, slug="borealis", introduction="We partner.")
    services.area_save(
        actor=cast.bob,
        title="Oncology antibodies",
        therapeutic_areas=["oncology"],
        modalities=["antibody"],
        reviewers=[cast.bob],
    )
    services.area_save(actor=cast.bob, title="Vaccines", kind="avoid", modalities=["vaccine"])
    return portal


@pytest.fixture
def anonymous() -> Client:
    return Client()


def submit(client: Client, **overrides: Any) -> dict[str, Any]:
    response = post(client, "/public/portals/borealis/submissions", submission_data(**overrides))
    assert response.status_code == 201, response.content
    return response.json()


@pytest.fixture
def issued(portal, anonymous) -> dict[str, Any]:
    """The founder's submission: its reference and private status token."""
    return submit(anonymous)


@pytest.fixture
def submission(issued) -> Submission:
    return Submission.objects.unscoped().get(reference=issued["reference"])


# -- The public door ------------------------------------------------------------------------


def test_the_public_page_shows_what_borealis_seeks_and_its_response_times(portal, anonymous):
    page = get(anonymous, "/public/portals/borealis").json()

    assert page["organisation"] == "Borealis Pharma" and page["is_open"] is True
    assert (page["first_response_days"], page["decision_days"]) == (30, 90)
    assert [a["title"] for a in page["areas_sought"]] == ["Oncology antibodies"]
    assert [a["title"] for a in page["areas_not_sought"]] == ["Vaccines"]
    assert "reviewers" not in page["areas_sought"][0]
    assert page["statistics"] is None


def test_the_public_page_shows_the_headline_figures_once_published(cast, portal, issued):
    services.portal_save(actor=cast.bob, publish_statistics=True)

    figures = get(Client(), "/public/portals/borealis").json()["statistics"]

    assert figures["total"] == 1 and figures["acknowledged_share"] == 100.0
    assert "gap_by_area" not in figures


def test_a_founder_without_an_account_submits_and_follows_it_by_token(issued, anonymous):
    assert issued["reference"].startswith("BOREALIS-")
    status = get(anonymous, f"/public/submissions/{issued['status_token']}").json()

    assert status["reference"] == issued["reference"]
    assert status["status"] == "received" and status["organisation"] == "Borealis Pharma"
    assert status["acknowledged_at"] is not None
    assert status["first_response_due"] < status["decision_due"]
    assert status["messages"] == [] and status["decline_reasons"] == []
    assert status["feedback"] is None


def test_the_submission_is_routed_to_the_area_it_matches(cast, submission):
    detail = get(client_for(cast.bob), f"/portal/submissions/{submission.pk}").json()

    assert detail["match_score"] == 50
    assert detail["match_explanation"] == [
        {"area": "Oncology antibodies", "matched": ["Oncology", "Antibody"], "ruled_out": False}
    ]
    assert [r["name"] for r in detail["reviewers"]] == ["Bob Brennan"]


# -- The whole story ------------------------------------------------------------------------


def test_bob_triages_asks_hears_back_and_declines_and_the_founder_reads_why(
    cast, sam, issued, submission, anonymous
):
    bob, pk, token = client_for(cast.bob), submission.pk, issued["status_token"]

    queue = get(bob, "/portal/submissions").json()
    assert [item["reference"] for item in queue["items"]] == [issued["reference"]]
    assert queue["items"][0]["deadline"] is not None and queue["items"][0]["overdue"] is False

    assigned = post(
        bob, "/portal/submissions/assign", {"submission_ids": [pk], "reviewer_ids": [sam.pk]}
    )
    assert assigned.json() == {"assigned": 1}
    assert get(client_for(sam), "/portal/submissions", mine=True).json()["count"] == 1

    reviews = f"/portal/submissions/{pk}/reviews"
    bd_review = post(bob, reviews, {"scores": scores(4, "BD: strong fit")})
    assert bd_review.status_code == 201 and bd_review.json()["track"] == "bd"
    rnd_review = post(client_for(sam), reviews, {"scores": scores(2, "R&D: thin data")})
    assert rnd_review.status_code == 201 and rnd_review.json()["track"] == "rnd"
    note = post(
        bob,
        f"/portal/submissions/{pk}/messages",
        {"body": "Our walk-away: no upfront.", "internal": True},
    )
    assert note.status_code == 201 and note.json()["kind"] == "note"

    question = post(
        bob, f"/portal/submissions/{pk}/questions", {"question": "Any data in a second model?"}
    )
    assert question.status_code == 201
    waiting = get(anonymous, f"/public/submissions/{token}").json()
    assert waiting["status"] == "info_requested" and waiting["waiting_on_you"] is True
    assert [m["body"] for m in waiting["messages"]] == ["Any data in a second model?"]

    reply = post(anonymous, f"/public/submissions/{token}/messages", {"body": "Not yet, in Q3."})
    assert reply.status_code == 201 and reply.json()["from_submitter"] is True
    assert get(anonymous, f"/public/submissions/{token}").json()["waiting_on_you"] is False
    detail = get(bob, f"/portal/submissions/{pk}").json()  # the clocks run again
    assert detail["status"] == "under_review" and detail["waiting_on_submitter"] is False
    assert (detail["bd_score"], detail["rnd_score"], detail["nih"]) == (4.0, 2.0, True)
    assert [m["kind"] for m in detail["messages"]] == ["note", "question", "message"]

    decided = post(
        bob,
        f"/portal/submissions/{pk}/decision",
        {
            "outcome": "declined",
            "reasons": ["data_insufficient", "benefit_unclear"],
            "feedback": FEEDBACK,
        },
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "declined"

    status = get(anonymous, f"/public/submissions/{token}").json()
    assert status["status"] == "declined" and status["feedback"] == FEEDBACK
    assert [r["label"] for r in status["decline_reasons"]] == [
        "Benefit over existing options unclear",
        "Data insufficient",
    ]
    text = json.dumps(status)
    assert "walk-away" not in text, "an internal note reached the submitter"
    assert "thin data" not in text and "strong fit" not in text and "score" not in text
    closed = post(anonymous, f"/public/submissions/{token}/messages", {"body": "One more thing"})
    assert_error(closed, 422, field="body")


def test_advancing_can_propose_an_alliance_with_the_submitter(cast, submission):
    response = post(
        client_for(cast.bob),
        f"/portal/submissions/{submission.pk}/decision",
        {"outcome": "cda", "create_alliance": True},
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cda" and response.json()["alliance_id"] is not None


def test_statistics_count_the_submission_and_its_decline(cast, submission):
    bob = client_for(cast.bob)
    decision = {"outcome": "declined", "reasons": ["too_early"], "feedback": FEEDBACK}
    post(bob, f"/portal/submissions/{submission.pk}/decision", decision)

    figures = get(bob, "/portal/statistics").json()

    assert figures["total"] == 1 and figures["decision_on_time_share"] == 100.0
    assert figures["decline_reasons"] == [{"reason": "Too early", "count": 1}]
    assert sum(month["count"] for month in figures["months"]) == 1


def test_bob_publishes_an_area_routed_to_a_colleague(cast, portal, sam):
    bob = client_for(cast.bob)
    area = {"title": "Rare disease RNA", "therapeutic_areas": ["rare"], "modalities": ["rna"]}

    created = post(bob, "/portal/areas", area | {"reviewer_ids": [sam.pk]})

    assert created.status_code == 201, created.content
    assert [r["name"] for r in created.json()["reviewers"]] == ["Sam Singh"]
    assert len(get(bob, "/portal/areas").json()) == 3
    outsider = post(bob, "/portal/areas", area | {"reviewer_ids": [cast.alice.pk]})
    assert_error(outsider, 422, field="reviewer_ids")


# -- The triage queue -----------------------------------------------------------------------


def test_the_queue_filters_and_searches(cast, portal, anonymous):
    submit(anonymous)
    submit(anonymous, asset_name="RX-9", therapeutic_area="rare", contact_email="rex@rare.test")
    bob = client_for(cast.bob)

    def assets(**params: Any) -> list[str]:
        return [
            item["asset_name"] for item in get(bob, "/portal/submissions", **params).json()["items"]
        ]

    assert sorted(assets()) == ["RX-9", "TB-7"]
    assert assets(therapeutic_area="rare") == ["RX-9"]
    assert assets(search="tb-") == ["TB-7"]
    assert assets(status="declined") == []
    assert assets(flag="overdue") == []
    assert assets(mine=True) == ["TB-7"]  # routed to Bob by the oncology area


def test_the_queue_reads_a_constant_number_of_queries(cast, portal, anonymous):
    bob = client_for(cast.bob)
    submit(anonymous)
    with CaptureQueriesContext(connection) as one:
        get(bob, "/portal/submissions")
    for n in range(4):
        submit(anonymous, contact_email=f"founder{n}@many.test")
    with CaptureQueriesContext(connection) as five:
        assert get(bob, "/portal/submissions").json()["count"] == 5

    assert len(five) == len(one)


def test_a_blind_first_pass_hides_the_submitter_until_the_reviewer_has_scored(cast, submission):
    services.portal_save(actor=cast.bob, blind_first_pass=True)
    bob, pk = client_for(cast.bob), submission.pk

    item = get(bob, "/portal/submissions").json()["items"][0]
    detail = get(bob, f"/portal/submissions/{pk}").json()
    assert item["submitter_organisation_name"] is None and item["identity_hidden"] is True
    assert detail["contact_email"] is None and "Tiny Bio" not in json.dumps(detail)

    post(bob, f"/portal/submissions/{pk}/reviews", {"scores": scores(3, "Fair")})
    detail = get(bob, f"/portal/submissions/{pk}").json()
    assert detail["submitter_organisation_name"] == "Tiny Bio"
    assert detail["contact_email"] == "fay@tinybio.test"


# -- Who sees the team's side ---------------------------------------------------------------

TEAM_READS = ["/portal/areas", "/portal/submissions", "/portal/statistics"]


@pytest.mark.parametrize("who", ["alice", "carol", "dave", "mallory"])
def test_nobody_outside_borealis_reaches_its_team_side(cast, submission, who):
    client, pk = client_for(getattr(cast, who)), submission.pk

    for path in [*TEAM_READS, f"/portal/submissions/{pk}"]:
        assert_error(get(client, path), 404)
    writes = {
        f"/portal/submissions/{pk}/reviews": {"scores": scores(5, "Mine")},
        f"/portal/submissions/{pk}/messages": {"body": "Hello"},
        f"/portal/submissions/{pk}/questions": {"question": "Hello?"},
        f"/portal/submissions/{pk}/decision": {"outcome": "cda"},
        "/portal/submissions/assign": {"submission_ids": [pk], "reviewer_ids": [cast.bob.pk]},
        "/portal/areas": {"title": "Ours now"},
    }
    for path, data in writes.items():
        assert_error(post(client, path, data), 404)
    assert Submission.objects.unscoped().get(pk=pk).status == "received"


def test_another_pharmas_reviewers_see_nothing_of_borealis_submissions(submission):
    nora = signup("Northwind Pharma", "pharma", "nora@northwind.test", "Nora", "North").user
    services.portal_save(actor=nora, slug="northwind")
    client = client_for(nora)

    assert get(client, "/portal/submissions").json()["count"] == 0
    assert_error(get(client, f"/portal/submissions/{submission.pk}"), 404)
    assert_error(post(client, f"/portal/submissions/{submission.pk}/messages", {"body": "Hi"}), 404)
    assign = {"submission_ids": [submission.pk], "reviewer_ids": [nora.pk]}
    assert_error(post(client, "/portal/submissions/assign", assign), 404)


def test_a_submitter_with_an_account_never_reads_the_receiving_teams_side(cast, portal):
    issued = services.submission_create(
        portal=portal, data=submission_data(contact_email="alice@helix.test"), submitter=cast.alice
    )
    pk = issued.submission.pk
    services.message_post(
        actor=cast.bob, submission=issued.submission, body="Walk-away.", internal=True
    )

    assert_error(get(client_for(cast.alice), f"/portal/submissions/{pk}"), 404)
    assert_error(get(client_for(cast.dave), f"/portal/submissions/{pk}"), 404)


def test_a_borealis_viewer_reads_the_queue_but_may_not_review_or_decide(cast, submission):
    vic = client_for(colleague(cast.bob, "vic@borealis.test", "Vic", "Viewer", "viewer"))
    pk = submission.pk

    assert get(vic, "/portal/submissions").json()["count"] == 1
    assert_error(post(vic, f"/portal/submissions/{pk}/reviews", {"scores": scores(3, "Hm")}), 403)
    assert_error(post(vic, f"/portal/submissions/{pk}/decision", {"outcome": "cda"}), 403)


def test_the_team_side_needs_a_token(submission, anonymous):
    assert_error(get(anonymous, "/portal/submissions"), 401)
    assert_error(get(anonymous, f"/portal/submissions/{submission.pk}"), 401)


# -- Errors are JSON ------------------------------------------------------------------------


def test_unknown_slugs_tokens_and_ids_are_404(cast, portal, anonymous):
    assert_error(get(anonymous, "/public/portals/nowhere"), 404)
    assert_error(post(anonymous, "/public/portals/nowhere/submissions", submission_data()), 404)
    assert_error(get(anonymous, "/public/submissions/not-a-real-token"), 404)
    assert_error(
        post(anonymous, "/public/submissions/not-a-real-token/messages", {"body": "Hi"}), 404
    )
    assert_error(get(client_for(cast.bob), "/portal/submissions/999999"), 404)


def test_a_malformed_token_is_refused_before_it_reaches_the_database(anonymous):
    assert_error(get(anonymous, "/public/submissions/bad%00token"), 422, field="token")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"attested_non_confidential": False}, "attested_non_confidential"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"modality": "magic"}, "modality"),
        ({"asset_name": "x" * 201}, "asset_name"),
        ({"honeypot": "spam"}, "honeypot"),
    ],
)
def test_a_bad_submission_says_which_field_is_wrong(portal, anonymous, overrides, field):
    response = post(anonymous, "/public/portals/borealis/submissions", submission_data(**overrides))
    assert_error(response, 422, field=field)
    assert Submission.objects.unscoped().count() == 0


def test_a_closed_portal_takes_no_submissions(cast, portal, anonymous):
    services.portal_save(actor=cast.bob, is_open=False)
    response = post(anonymous, "/public/portals/borealis/submissions", submission_data())
    assert_error(response, 422, field="portal")


def test_too_many_submissions_from_one_email_are_refused_with_a_reason(portal, anonymous):
    for _ in range(services.SUBMISSIONS_PER_HOUR_PER_EMAIL):
        submit(anonymous)
    response = post(anonymous, "/public/portals/borealis/submissions", submission_data())
    assert_error(response, 422, field="contact_email")


def test_declining_needs_reasons_and_feedback_of_real_length(cast, submission):
    bob, path = client_for(cast.bob), f"/portal/submissions/{submission.pk}/decision"

    no_reasons = {"outcome": "declined", "feedback": FEEDBACK}
    assert_error(post(bob, path, no_reasons), 422, field="reasons")
    curt = {"outcome": "declined", "reasons": ["too_early"], "feedback": "No."}
    assert_error(post(bob, path, curt), 422, field="feedback")
    assert_error(post(bob, path, {"outcome": "received"}), 422, field="outcome")


def test_a_review_must_score_every_criterion_once(cast, submission):
    bob, path = client_for(cast.bob), f"/portal/submissions/{submission.pk}/reviews"
    partial = scores(4, "Good")
    del partial["ip_position"]

    assert_error(post(bob, path, {"scores": partial}), 422, field="scores.ip_position")
    too_high = scores(4, "Good") | {"feasibility": {"score": 6, "comment": "Great"}}
    assert_error(post(bob, path, {"scores": too_high}), 422, field="scores.feasibility.score")
    assert post(bob, path, {"scores": scores(4, "Good")}).status_code == 201
    assert_error(post(bob, path, {"scores": scores(4, "Again")}), 422, field="scores")

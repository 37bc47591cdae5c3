"""The partnering portal as people use it: a stranger submits, two reviewers score, BD declines
with reasons and feedback, the stranger reads them, and the statistics count the submission."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from concord.portal import services as portal_services
from concord.portal.models import Criterion, Review, Submission
from conftest import PASSWORD, colleague, signup

FEEDBACK = (
    "Thank you for submitting QB-17. Both our business development and R&D reviewers read the "
    "package closely. The science is interesting, but at this stage we would need in vivo proof "
    "of mechanism in a second model before we could open a discussion; please come back to us "
    "once you have it."
)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def score(page: Page, submission_url: str, points: int, why: str) -> None:
    """Open the submission's team page and score every criterion of the rubric."""
    page.goto(submission_url)
    page.get_by_role("link", name="Score it").click()
    form = page.locator("#review-form")
    for _, label in Criterion.choices:
        group = form.get_by_role("group", name=re.compile(f"^{re.escape(label)}"))
        group.get_by_label(str(points), exact=True).check()
        form.get_by_role("textbox", name=re.compile(f"^Why, on {re.escape(label)}", re.I)).fill(
            f"{why} ({label.lower()})."
        )
    form.get_by_role("button", name="Submit review").click()
    expect(page.get_by_text(re.compile(r"review is saved"))).to_be_visible()


def test_a_stranger_submits_is_scored_declined_and_reads_why(new_page, tmp_path):
    # Borealis opens its portal, seeking oncology antibodies, with Bob (BD) and Rita (R&D).
    bob = signup("Borealis Pharma", "pharma", "bob@borealis.test", "Bob", "Brennan").user
    rita = colleague(bob, "rita@borealis.test", "Rita", "Rao", "scientist")
    portal_services.portal_save(actor=bob, slug="borealis", head_of_bd=bob)
    portal_services.area_save(
        actor=bob,
        title="Oncology antibodies",
        therapeutic_areas=["oncology"],
        modalities=["antibody", "adc"],
        stages=["preclinical", "phase_1"],
        deal_types=["licence", "co_development"],
        reviewers=[bob, rita],
    )

    # An anonymous visitor finds the public page and submits, with a non-confidential PDF.
    visitor = new_page()
    visitor.goto("/partnering/borealis/")
    expect(visitor.get_by_role("heading", name="Partnering with Borealis Pharma")).to_be_visible()
    expect(visitor.get_by_role("heading", name="Oncology antibodies")).to_be_visible()
    visitor.get_by_role("link", name="Submit an opportunity").first.click()
    visitor.get_by_label("Your name").fill("Nora Quist")
    visitor.get_by_label("Email").fill("nora@quistbio.test")
    visitor.get_by_label("Organisation").fill("Quist Bio")
    visitor.get_by_label("Asset name").fill("QB-17")
    visitor.get_by_label("Modality").select_option("antibody")
    visitor.get_by_label("Therapeutic area").select_option("oncology")
    visitor.get_by_label("Indication").fill("Triple-negative breast cancer")
    visitor.get_by_label("Development stage").select_option("preclinical")
    visitor.get_by_label("Mechanism of action").fill("Anti-TROP2 bispecific antibody")
    visitor.get_by_label("Differentiation").fill("Twice the tumour penetration in PDX models.")
    visitor.get_by_label("Data summary").fill("Efficacy in three PDX models; GLP tox planned.")
    visitor.get_by_label("IP status").fill("Composition of matter filed in 2025.")
    visitor.get_by_label("What you are looking for").select_option("licence")
    deck = tmp_path / "qb-17-non-confidential.pdf"
    deck.write_bytes(PDF)
    visitor.get_by_label(re.compile("^Attachments")).set_input_files(deck)
    visitor.get_by_label(re.compile("This submission is non-confidential")).check()
    visitor.get_by_role("button", name="Submit", exact=True).click()
    expect(
        visitor.get_by_text(re.compile(r"Your reference is BOREALIS-\d{4}-00001"))
    ).to_be_visible()
    reference = visitor.get_by_role("heading", level=1).inner_text()
    assert re.fullmatch(r"BOREALIS-\d{4}-00001", reference)
    status_url = visitor.url
    expect(visitor.get_by_role("link", name="qb-17-non-confidential.pdf")).to_be_visible()
    submission = Submission.objects.unscoped().get(reference=reference)
    assert set(submission.reviewers.all()) == {bob, rita}
    submission_url = f"/portal/submissions/{submission.pk}/"

    # Bob scores it for business development, Rita for R&D, on the one rubric.
    bob_page = new_page()
    log_in(bob_page, "bob@borealis.test")
    score(bob_page, submission_url, 4, "Strong case")
    rita_page = new_page()
    log_in(rita_page, "rita@borealis.test")
    score(rita_page, submission_url, 3, "Needs a second model")
    tracks = dict(Review.objects.unscoped().values_list("reviewer__email", "track"))
    assert tracks == {"bob@borealis.test": "bd", "rita@borealis.test": "rnd"}
    expect(rita_page.get_by_text("Business development average")).to_be_visible()

    # Bob declines it with coded reasons and feedback of real length.
    bob_page.goto(submission_url)
    decision = bob_page.locator("#decision")
    decision.get_by_label("Decline", exact=True).check()
    decision.get_by_label("Too early", exact=True).check()
    decision.get_by_label("Data insufficient", exact=True).check()
    decision.get_by_label("Feedback to the submitter").fill(FEEDBACK)
    decision.get_by_role("button", name="Record the decision").click()
    expect(bob_page.get_by_text(f"{reference}: Declined. The submitter is told.")).to_be_visible()

    # The visitor's private status page shows the decision, its reasons and the feedback.
    visitor.goto(status_url)
    expect(visitor.get_by_role("heading", name="Decision: Declined")).to_be_visible()
    reasons = visitor.get_by_role("heading", name="Decision: Declined").locator("..")
    expect(reasons.get_by_role("listitem").filter(has_text="Too early")).to_be_visible()
    expect(reasons.get_by_role("listitem").filter(has_text="Data insufficient")).to_be_visible()
    expect(visitor.get_by_text("in vivo proof of mechanism in a second model")).to_be_visible()
    assert "Needs a second model" not in visitor.content()  # the scores stay private

    # The statistics page counts it: one received, acknowledged, answered on time, declined.
    bob_page.goto("/portal/statistics/")
    tiles = bob_page.get_by_role("list", name="Headline figures")
    received = tiles.get_by_role("listitem").filter(has_text="Submissions received")
    expect(received.locator(".stat")).to_have_text("1")
    acknowledged = tiles.get_by_role("listitem").filter(has_text="Acknowledged")
    expect(acknowledged.locator(".stat")).to_have_text("100.0%")
    decided = tiles.get_by_role("listitem").filter(has_text="Decided within 90 days")
    expect(decided.locator(".stat")).to_have_text("100.0%")
    reasons_chart = bob_page.locator(
        "figure", has=bob_page.get_by_role("heading", name="Decline reasons")
    )
    reasons_chart.get_by_text("Show the figures").click()
    figures = reasons_chart.get_by_role("table", name="Decline reasons")
    expect(figures.get_by_role("row", name="Too early 1")).to_be_visible()
    expect(figures.get_by_role("row", name="Data insufficient 1")).to_be_visible()

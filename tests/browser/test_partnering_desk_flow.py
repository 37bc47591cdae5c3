"""The partnering desk as BD uses it: Bob posts a request for partners, a biotech answers it
without an account, Bob advances the answer through a CDA both sides sign to a term sheet, and
the biotech's status page follows every step."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import expect

from concord.core import clock
from concord.portal import services as portal_services
from concord.portal.models import Submission
from conftest import PASSWORD, signup
from tests.browser.test_portal_flow import log_in


def test_a_request_is_answered_and_carried_through_a_cda_to_a_term_sheet(new_page):
    bob = signup("Borealis Pharma", "pharma", "bob@borealis.test", "Bob", "Brennan").user
    portal_services.portal_save(actor=bob, slug="borealis", head_of_bd=bob)

    # Bob posts a request for partners.
    desk = new_page()
    desk.goto("/partnering/borealis/", timeout=60_000)  # the live server's first answer is slow
    log_in(desk, "bob@borealis.test")
    desk.goto("/portal/requests/")
    desk.get_by_role("link", name="Post your first request").click()
    desk.get_by_label("Title").fill("Next-generation ADC payloads")
    desk.get_by_label("What you seek").fill("Payloads that widen the window of HER2-low ADCs.")
    desk.get_by_label("Therapeutic area").select_option("oncology")
    desk.get_by_label("Modality").select_option("adc")
    desk.get_by_label("What a good response contains").fill("In vivo efficacy against T-DXd.")
    today = clock.today()
    desk.get_by_label("Responses by").fill(str(today + datetime.timedelta(days=30)))
    desk.get_by_label("Decision by").fill(str(today + datetime.timedelta(days=90)))
    desk.get_by_role("button", name="Post the request").click()
    expect(desk.get_by_text("it is on your public page")).to_be_visible()

    # A biotech finds it on the public page and answers without an account.
    visitor = new_page()
    visitor.goto("/partnering/borealis/")
    visitor.get_by_role("link", name="Next-generation ADC payloads").click()
    expect(visitor.get_by_text("Responses so far")).to_be_visible()
    visitor.get_by_role("link", name="Respond to this request").click()
    visitor.get_by_label("Your name").fill("Nora Quist")
    visitor.get_by_label("Email").fill("nora@quistbio.test")
    visitor.get_by_label("Organisation").fill("Quist Bio")
    visitor.get_by_label("Asset name").fill("QB-40")
    visitor.get_by_label("Indication").fill("HER2-low breast cancer")
    visitor.get_by_label("Development stage").select_option("preclinical")
    visitor.get_by_label("Mechanism of action").fill("Topoisomerase payload, cleavable linker")
    visitor.get_by_label("Differentiation").fill("Bystander effect at half the dose.")
    visitor.get_by_label("Data summary").fill("Beats T-DXd in two PDX models.")
    visitor.get_by_label("IP status").fill("Linker filed 2025.")
    visitor.get_by_label("What you are looking for").select_option("licence")
    visitor.get_by_label(re.compile("This submission is non-confidential")).check()
    visitor.get_by_role("button", name="Submit", exact=True).click()
    expect(visitor.get_by_text(re.compile(r"Your reference is BOREALIS-"))).to_be_visible()
    status_url = visitor.url
    submission = Submission.objects.unscoped().get()
    assert submission.request is not None

    # Bob advances it, sends the CDA and signs it for Borealis with his password.
    desk.goto(f"/portal/submissions/{submission.pk}/")
    decision = desk.locator("#decision")
    decision.get_by_label(re.compile("Advance: request")).check()
    decision.get_by_role("button", name="Record the decision").click()
    deal = desk.locator("#deal")
    expect(deal.get_by_role("heading", name="Next: CDA sent")).to_be_visible()
    deal.get_by_role("button", name="Record the stage").click()
    deal = desk.locator("#deal")
    deal.get_by_label("Your password").fill(PASSWORD)
    deal.get_by_label("Approval").check()
    deal.get_by_role("button", name="Sign the CDA for Borealis Pharma").click()
    expect(desk.get_by_text("it is signed once the submitter signs too")).to_be_visible()

    # The status page says a CDA waits; the biotech signs for its own side.
    visitor.goto(status_url)
    expect(visitor.get_by_text("has sent you a confidentiality agreement")).to_be_visible()
    visitor.get_by_label("Full name of the person signing").fill("Nora Quist")
    visitor.get_by_label(re.compile("I am authorised to sign")).check()
    visitor.get_by_role("button", name="Sign the CDA for Quist Bio").click()
    expect(
        visitor.get_by_role("heading", name="Where it stands: CDA signed by both")
    ).to_be_visible()

    # Bob records the confidential evaluation, then the term sheet; the status page follows.
    for stage in ("Confidential evaluation", "Term sheet"):
        desk.goto(f"/portal/submissions/{submission.pk}/")
        deal = desk.locator("#deal")
        expect(deal.get_by_role("heading", name=f"Next: {stage}")).to_be_visible()
        deal.get_by_role("button", name="Record the stage").click()
        expect(desk.get_by_text(f"{stage} recorded")).to_be_visible()
    visitor.goto(status_url)
    expect(visitor.get_by_role("heading", name="Where it stands: Term sheet")).to_be_visible()
    expect(visitor.get_by_text("you are negotiating a term sheet")).to_be_visible()

"""The funnel to a deal: each stage counted in SQL by month, area and source, with conversion
rates and median days, at a query count that does not grow with the submissions."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.core import clock
from concord.portal import selectors, services
from concord.portal.models import DealStep, Submission
from concord.portal.tests.test_deal_path import record
from concord.portal.tests.test_requests import post_request, respond
from concord.portal.tests.test_services import portal, submit  # noqa: F401 - fixtures
from concord.portal.tests.test_team_views import client_for
from concord.portal.tests.test_triage import LETTER
from conftest import signed

pytestmark = pytest.mark.django_db


def through_term_sheet(cast, submission):
    services.submission_decide(actor=cast.bob, submission=submission, outcome="cda")
    record(cast, submission, "cda_sent")
    services.cda_sign_for_receiver(actor=cast.bob, submission=submission, **signed())
    services.cda_sign_for_submitter(
        submission=submission, printed_name="Nora Quist", authorised=True
    )
    record(cast, submission, "evaluation")
    record(cast, submission, "term_sheet")


def test_the_funnel_counts_each_stage_by_source_and_area(cast, portal):  # noqa: F811
    untouched = submit(portal, therapeutic_area="neuroscience").submission
    declined = submit(portal).submission
    services.submission_decide(
        actor=cast.bob,
        submission=declined,
        outcome="declined",
        reasons=["too_early"],
        feedback=LETTER,
    )
    advanced = submit(portal).submission
    services.submission_decide(actor=cast.bob, submission=advanced, outcome="cda")
    answer = respond(portal, post_request(cast)).submission
    through_term_sheet(cast, answer)
    services.internal_programme_add(
        actor=cast.bob,
        data={
            k: getattr(untouched, k)
            for k in ("asset_name", "modality", "therapeutic_area", "indication", "stage")
        }
        | {
            "mechanism": "x",
            "differentiation": "x",
            "data_summary": "x",
            "ip_status": "x",
            "deal_type": "licence",
        },
    )

    funnel = selectors.portal_funnel(portal)
    # received, triaged, advanced, CDA, term sheet, deal: internal programmes stay out.
    assert funnel.total.counts == [4, 3, 2, 1, 1, 0]
    assert funnel.total.conversions == [75.0, 66.7, 50.0, 100.0, 0.0]
    sources = {row.label: row.counts for row in funnel.by_source}
    assert sources == {
        "Open portal": [3, 2, 1, 0, 0, 0],
        "Request for partners": [1, 1, 1, 1, 1, 0],
    }
    areas = {row.label: row.counts[0] for row in funnel.by_area}
    assert areas == {"Oncology": 3, "Neuroscience": 1}
    this_month = funnel.by_month[-1]
    assert this_month.label == f"{clock.now().astimezone(datetime.UTC):%b %Y}"
    assert this_month.counts == funnel.total.counts
    assert len(funnel.by_month) == 18
    medians = dict(funnel.median_days)
    assert medians["advanced"] is not None and medians["cda"] == 0.0
    assert medians["term_sheet"] == 0.0 and medians["deal"] is None


def test_median_days_per_stage_read_the_stages_dates(cast, portal):  # noqa: F811
    first, second = submit(portal).submission, submit(portal).submission
    for submission, days in ((first, 4), (second, 10)):
        through_term_sheet(cast, submission)
        # Recorded today; moved back so the CDA took `days` from its request.
        DealStep.objects.unscoped().filter(submission=submission, stage="cda_requested").update(
            on=clock.today() - datetime.timedelta(days=days)
        )
    assert dict(selectors.portal_funnel(portal).median_days)["cda"] == 7.0


def test_the_funnel_page_reads_as_many_queries_for_many_submissions_as_for_few(
    cast,
    portal,  # noqa: F811
):
    bob = client_for(cast.bob)
    through_term_sheet(cast, submit(portal).submission)
    with CaptureQueriesContext(connection) as few:
        assert bob.get(reverse("portal:funnel")).status_code == 200
    for n in range(6):
        through_term_sheet(cast, submit(portal, contact_email=f"n{n}@quistbio.test").submission)
    with CaptureQueriesContext(connection) as many:
        page = bob.get(reverse("portal:funnel"))
    assert len(many) == len(few)
    text = page.content.decode()
    assert "By source" in text and "Open portal" in text
    assert "Term sheet" in text and "By therapeutic area" in text
    assert client_for(cast.alice).get(reverse("portal:funnel")).status_code == 200
    assert "Oncology" not in client_for(cast.alice).get(reverse("portal:funnel")).content.decode()


def test_what_the_services_keep_equals_a_rebuild(cast, portal):  # noqa: F811
    from concord.portal.models import FunnelMonth
    from concord.portal.services.funnel import funnel_rebuild

    through_term_sheet(cast, submit(portal).submission)
    respond(portal, post_request(cast))
    submit(portal, contact_email="x@quistbio.test")

    def kept():
        return sorted(
            FunnelMonth.objects.unscoped().values_list(
                "month", "therapeutic_area", "from_request", "received", "triaged", "cda"
            )
        )

    before = kept()
    assert len(before) == 2  # the open portal and the request, both oncology this month
    funnel_rebuild(portal.organisation_id)
    assert kept() == before


def test_median_days_to_triage_read_the_kept_answer_times(cast, portal):  # noqa: F811
    # Answered after 2, 5 and 20 days; one asked for more after 9 days (its clock paused, so it
    # is read live, not from the kept months); one not answered yet.
    waits = (2, 5, 20, 9, None)
    start = clock.now() - datetime.timedelta(days=40)
    for n, days in enumerate(waits):
        with clock.moved_to(start + datetime.timedelta(hours=n)):
            submission = submit(portal, contact_email=f"t{n}@quistbio.test").submission
        if days is None:
            continue
        with clock.moved_to(submission.submitted_at + datetime.timedelta(days=days)):
            if days == 9:
                services.submission_request_info(
                    actor=cast.bob, submission=submission, question="Dose-response data?"
                )
            else:
                services.message_post(actor=cast.bob, submission=submission, body="Thank you.")
    assert Submission.objects.unscoped().filter(paused_since__isnull=False).count() == 1
    # The middle of 2, 5, 9, 20: (5 + 9) / 2.
    assert dict(selectors.portal_funnel(portal).median_days)["triaged"] == 7.0

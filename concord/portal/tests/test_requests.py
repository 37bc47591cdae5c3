"""Requests for partners: posted on the public page, answered without an account, and the answers
are submissions on the same rubric and service levels as any other."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from concord.core import clock
from concord.core.models import AuditEvent
from concord.portal import selectors, services
from concord.portal.models import PartnerRequest, Submission
from concord.portal.tests.test_services import (  # noqa: F401 - fixtures
    portal,
    rita,
    scores,
    submission_data,
)
from concord.portal.tests.test_team_views import client_for
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db


def post_request(cast, actor=None, **overrides):
    fields = {
        "title": "ADCs for HER2-low breast cancer",
        "seeking": "A next-generation ADC with a differentiated payload.",
        "therapeutic_area": "oncology",
        "modality": "adc",
        "good_response": "In vivo efficacy in HER2-low models and a CMC outline.",
        "respond_by": clock.today() + datetime.timedelta(days=30),
        "decide_by": clock.today() + datetime.timedelta(days=90),
    }
    return services.partner_request_save(actor=actor or cast.bob, **{**fields, **overrides})


def respond(portal, partner_request, **overrides):  # noqa: F811
    data = submission_data(modality="adc", **overrides)
    return services.submission_create(portal=portal, data=data, partner_request=partner_request)


def test_a_response_is_a_submission_on_the_same_rubric_and_service_levels(cast, portal):  # noqa: F811
    request = post_request(cast)
    issued = respond(portal, request)
    response = issued.submission
    plain = services.submission_create(portal=portal, data=submission_data()).submission
    assert response.request == request and plain.request is None
    assert response.decision_due == plain.decision_due
    assert response.first_response_due == plain.first_response_due
    assert response.match_score == plain.match_score == 100  # the same areas score it
    assert list(response.reviewers.all()) == [cast.bob]
    review = services.review_submit(actor=cast.bob, submission=response, scores=scores(4))
    assert review.weighted_score == 4
    assert selectors.partner_request_list(user=cast.bob).get().response_count == 1


def test_request_dates_are_checked_together(cast, portal):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        post_request(
            cast,
            title="",
            respond_by=clock.today() - datetime.timedelta(days=1),
            decide_by=clock.today() - datetime.timedelta(days=2),
        )
    assert set(error.value.message_dict) == {"title", "respond_by", "decide_by"}
    assert not PartnerRequest.objects.unscoped().exists()


def test_only_deciding_roles_post_and_a_closed_request_takes_no_response(
    cast,
    portal,  # noqa: F811
    rita,  # noqa: F811
):
    with pytest.raises(PermissionDenied):
        post_request(cast, actor=rita)
    request = post_request(cast)
    services.partner_request_save(actor=cast.bob, partner_request=request, is_open=False)
    with pytest.raises(ValidationError) as error:
        respond(portal, request)
    assert "no longer accepts responses" in error.value.message_dict["request"][0]
    assert Submission.objects.unscoped().count() == 0


def test_a_biotech_answers_without_an_account_and_the_page_counts_it(cast, portal):  # noqa: F811
    request = post_request(cast)
    visitor = Client()
    public = visitor.get(reverse("portal:public", args=["borealis"])).content.decode()
    assert request.title in public and "0 responses so far" in public
    form = {**submission_data(modality="adc"), "attested_non_confidential": "on"}
    response = visitor.post(reverse("portal:request-respond", args=["borealis", request.pk]), form)
    assert response.status_code == 302
    assert Submission.objects.unscoped().get().request == request
    page = visitor.get(reverse("portal:request-public", args=["borealis", request.pk]))
    text = page.content.decode()
    assert "Responses so far</dt><dd>1" in text
    assert request.decide_by.strftime("%-d %B %Y") in text
    queue = client_for(cast.bob).get(reverse("portal:queue") + f"?request={request.pk}")
    assert f"Responds to: <em>{request.title}</em>" in queue.content.decode()


def test_another_pharmas_request_is_a_404_on_the_team_side(cast, portal):  # noqa: F811
    request = post_request(cast)
    alice = client_for(cast.alice)
    assert alice.get(reverse("portal:request-update", args=[request.pk])).status_code == 404
    assert selectors.partner_request_list(user=cast.alice).count() == 0


def test_the_api_changes_only_the_fields_sent_and_names_what_is_wrong(cast, portal):  # noqa: F811
    posted = post_request(cast)
    path = f"/api/v1/portal/requests/{posted.pk}"

    def patch(user, data):
        return api_client(user).patch(path, json.dumps(data), content_type="application/json")

    answer = patch(cast.bob, {"title": "ADCs for HER2-low tumours", "modality": None})
    assert answer.status_code == 200, answer.content
    assert answer.json()["title"] == "ADCs for HER2-low tumours"
    assert answer.json()["modality"] is None and answer.json()["seeking"] == posted.seeking
    late = str(posted.respond_by - datetime.timedelta(days=1))
    assert_api_error(patch(cast.bob, {"decide_by": late}), 422, "decide_by")
    assert_api_error(patch(cast.bob, {"title": ""}), 422, "title")
    assert_api_error(patch(cast.dave, {"title": "Mine now"}), 404)
    kept = PartnerRequest.objects.unscoped().get(pk=posted.pk)
    assert (kept.title, kept.decide_by) == ("ADCs for HER2-low tumours", posted.decide_by)
    assert AuditEvent.objects.unscoped().filter(action="portal.request_changed").count() == 1

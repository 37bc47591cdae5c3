"""Where the wind-down meets other capabilities without importing them: its checklist drawn from
the agreement's sections (core's agreement source, kept by the document room), the final health
check (health listens to `winddown_started`) and the lessons learned kept on the learning plan
(expectations listens to `lessons_learned`)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from concord.core import clock
from concord.documents import services as documents
from concord.documents.models import Document
from concord.documents.tests.helpers import pdf
from concord.expectations.models import Lesson
from concord.expectations.tests.helpers import helix_owes
from concord.health.models import Round
from concord.winddown import services as winddown

pytestmark = pytest.mark.django_db


def agreement_with_sections(cast):
    agreement = documents.document_upload(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        title="Collaboration agreement",
        name="agreement.pdf",
        data=pdf("Collaboration agreement"),
        kind=Document.Kind.AGREEMENT,
    )
    section = documents.section_add(
        actor=cast.alice, document=agreement, number="5.2", heading="Deliverables"
    )
    documents.section_add(
        actor=cast.alice, document=agreement, number="9.1", heading="Confidentiality"
    )
    documents.section_add(
        actor=cast.alice,
        document=agreement,
        number="1.1",
        heading="Definitions",
        tracked_expected=False,
    )
    commitment = helix_owes(cast, due=clock.today() + datetime.timedelta(days=30))
    documents.link_create(
        actor=cast.alice,
        document=agreement,
        kind="expectations.commitment",
        object_id=commitment.pk,
        role="section",
        section=section,
    )


def test_the_checklist_is_drawn_from_every_obligation_the_agreement_creates(cast):
    agreement_with_sections(cast)
    wind_down = winddown.winddown_start(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        reason="expiry",
        notice_given_on=clock.today(),
    )
    drawn = {item.section: item.title for item in wind_down.items.exclude(section="")}
    assert drawn == {
        "5.2": "§ 5.2 Deliverables: Commitment “Tox report” — complete, end or carry past the end",
        "9.1": "§ 9.1 Confidentiality: settle what this section requires at the end",
    }  # § 1.1 creates no obligation, so nothing is drawn from it
    # The final health check opens, and each party owns an item to answer it.
    final = Round.objects.unscoped().get(alliance=cast.helix_borealis, status="open")
    assert final.title == "Final health check" and final.kind == "health_check"
    assert wind_down.items.filter(area="review").count() == 2


def test_the_lessons_learned_are_kept_on_the_learning_plan_revised_in_place(cast):
    wind_down = winddown.winddown_start(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        reason="expiry",
        notice_given_on=clock.today(),
    )
    winddown.lessons_record(actor=cast.alice, wind_down=wind_down, lessons="Agree data formats.")
    winddown.lessons_record(
        actor=cast.bob, wind_down=wind_down, lessons="Agree data formats at signing."
    )
    lesson = Lesson.objects.visible_to(cast.bob).get()
    assert lesson.text == "Agree data formats at signing." and lesson.recorded_by == cast.bob
    assert not Lesson.objects.visible_to(cast.dave).exists()
    client = Client()
    client.force_login(cast.alice)
    page = client.get(reverse("expectations:learning-plan", args=[cast.helix_borealis.pk]))
    assert "Agree data formats at signing." in page.content.decode()

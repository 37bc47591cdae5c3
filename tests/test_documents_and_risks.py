"""Where the document room and the risk register meet other capabilities without importing them:
a meeting's pre-reads in its page and pack (core's attachments point), a materialised risk raised
as a governance concern (core's `concern_requested` signal). A private record stays with its
organisation on every path."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from concord.core import clock
from concord.documents import services as documents
from concord.documents.tests.helpers import pdf
from concord.governance import pack
from concord.governance.models import Concern
from concord.governance.tests.conftest import schedule, seat_jsc
from concord.risks import services as risks

pytestmark = pytest.mark.django_db


def test_a_pre_read_reaches_the_meeting_page_and_pack_of_those_who_may_read_it(cast):
    meeting = schedule(cast, seat_jsc(cast), days_ago=-7)
    for title, visibility in (("CMC update", "shared"), ("Our negotiation notes", "private")):
        document = documents.document_upload(
            actor=cast.alice,
            alliance=cast.helix_borealis,
            title=title,
            name="pre-read.pdf",
            data=pdf(title),
            visibility=visibility,
        )
        documents.link_create(
            actor=cast.alice,
            document=document,
            kind="governance.meeting",
            object_id=meeting.pk,
            role="pre_read",
        )
    bob_pack = pack.pack_html(user=cast.bob, meeting=meeting)
    alice_pack = pack.pack_html(user=cast.alice, meeting=meeting)
    assert "CMC update" in bob_pack and "Our negotiation notes" not in bob_pack
    assert "CMC update" in alice_pack and "Our negotiation notes" in alice_pack
    client = Client()
    client.force_login(cast.bob)
    page = client.get(reverse("governance:meeting-detail", args=[meeting.pk]))
    assert b"CMC update" in page.content and b"Our negotiation notes" not in page.content


def test_a_materialised_risk_becomes_a_concern_as_visible_as_the_risk(cast):
    risk = risks.risk_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        title="CMC scale-up slips",
        category="operational",
        owner=cast.alice,
        likelihood=3,
        impact=4,
        review_on=clock.today() + datetime.timedelta(days=7),
        visibility="private",
    )
    risks.risk_materialise(actor=cast.alice, risk=risk, note="Batch failed release.")
    concern = Concern.objects.unscoped().get()
    assert concern.title == "Risk materialised: CMC scale-up slips"
    assert concern.visibility == "private" and concern.organisation == cast.helix
    assert concern.severity == "high" and concern.source == "risk"
    assert "Batch failed release." in concern.body
    assert not Concern.objects.visible_to(cast.bob).exists()

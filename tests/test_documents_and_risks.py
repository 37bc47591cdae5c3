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
from concord.core.attachments import attachments_for
from concord.documents import services as documents
from concord.documents.tests.helpers import pdf
from concord.expectations import services as expectations
from concord.expectations.tests.helpers import helix_owes, party
from concord.governance import pack
from concord.governance import services as governance
from concord.governance.models import Concern
from concord.governance.tests.conftest import schedule, seat_jsc
from concord.ip.models import Disclosure
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


def _evidence(cast, key: str, record, title: str, visibility: str) -> None:
    document = documents.document_upload(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        title=title,
        name="evidence.pdf",
        data=pdf(title),
        visibility=visibility,
    )
    documents.link_create(
        actor=cast.alice, document=document, kind=key, object_id=record.pk, role="evidence"
    )


def test_deliveries_decisions_and_disclosures_carry_evidence_only_their_readers_see(cast):
    """The document room attaches to records of three capabilities it never imports; each
    record's page shows the shared document to the partner and the private one to its owner."""
    commitment = helix_owes(cast, due=clock.today() + datetime.timedelta(days=10))
    delivery = expectations.commitment_deliver(actor=cast.alice, commitment=commitment)
    jsc = seat_jsc(cast)
    governance.committee_member_add(actor=cast.alice, committee=jsc, user=cast.alice)
    decision = governance.decision_propose(
        actor=cast.alice, committee=jsc, title="Extend the research term", text="By six months."
    )
    disclosure = Disclosure.objects.create(
        alliance=cast.helix_borealis,
        title="Bispecific linker",
        disclosed_on=clock.today(),
        rule=Disclosure.Rule.JOINT,
        prosecuting_party=party(cast.helix_borealis, cast.helix),
        created_by=cast.alice,
    )
    pages = {
        "expectations.delivery": (delivery, "expectations:commitment-detail", commitment.pk),
        "governance.decision": (decision, "governance:decision-detail", decision.pk),
        "ip.disclosure": (disclosure, "ip:disclosure-detail", disclosure.pk),
    }
    for key, (record, _, _) in pages.items():
        _evidence(cast, key, record, f"Shared {key}", "shared")
        _evidence(cast, key, record, f"Helix only {key}", "private")
    alice, bob = Client(), Client()
    alice.force_login(cast.alice)
    bob.force_login(cast.bob)
    for key, (record, url_name, pk) in pages.items():
        url = reverse(url_name, args=[pk])
        bob_page, alice_page = bob.get(url).content.decode(), alice.get(url).content.decode()
        assert f"Shared {key}" in bob_page and f"Helix only {key}" not in bob_page
        assert f"Shared {key}" in alice_page and f"Helix only {key}" in alice_page
        assert [a.title for a in attachments_for(cast.bob, record)] == [f"Shared {key}"]

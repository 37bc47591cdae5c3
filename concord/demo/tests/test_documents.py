"""The demo's document rooms and risk registers: the agreement with linked sections on each main
alliance, pre-reads and gate evidence, a private memo Castlegate's partner never sees, a heat map
of risks, one materialised into a concern. Read from the demo seeded once for all demo tests."""

from __future__ import annotations

import pytest

from concord.core.attachments import attachments_for
from concord.demo.chapters import winddown
from concord.demo.chapters.documents import MAIN, MATERIALISED
from concord.documents import selectors
from concord.documents.models import Document, DocumentLink
from concord.governance.models import Concern
from concord.risks import selectors as risk_selectors
from concord.risks.models import Risk

pytestmark = pytest.mark.xdist_group("demo")


@pytest.mark.django_db
def test_each_main_alliance_has_its_agreement_with_tracked_and_untracked_sections(played):
    agreements = Document.objects.unscoped().filter(kind="agreement")
    # The main alliances, and the research alliance whose wind-down draws on its agreement.
    assert set(agreements.values_list("alliance__name", flat=True)) == {*MAIN, winddown.ALLIANCE}
    agreement = agreements.get(alliance__name=MAIN[0])
    reader = agreement.created_by
    view = selectors.agreement_view(user=reader, alliance=agreement.alliance)
    numbers = {row.section.number: row for row in view.sections}
    assert numbers["5.2"].links and numbers["3.1"].links
    assert not numbers["9.3"].links and numbers["9.3"].untracked
    assert not numbers["1.1"].untracked  # definitions create nothing to track


@pytest.mark.django_db
def test_pre_reads_and_evidence_reach_their_meetings_and_gates(played):
    links = DocumentLink.objects.unscoped()
    assert links.filter(role="pre_read").count() >= 2
    assert links.filter(role="evidence").count() >= 3
    link = links.filter(role="pre_read").select_related("document__created_by").first()
    meeting = link.content_type.get_object_for_this_type(pk=link.object_id)
    shown = attachments_for(link.document.created_by, meeting)
    assert link.document.title in [a.title for a in shown]


@pytest.mark.django_db
def test_the_private_memo_stays_with_castlegate(played):
    memo = Document.objects.unscoped().filter(visibility="private").first()
    alliance = memo.alliance
    partner_doc = (
        Document.objects.unscoped()
        .filter(alliance=alliance)
        .exclude(organisation=memo.organisation)
        .first()
    )
    partner = partner_doc.created_by
    assert memo not in selectors.document_search(user=partner, term="walk-away")
    assert memo in selectors.document_search(user=memo.created_by, term="walk-away")


@pytest.mark.django_db
def test_risk_registers_fill_the_heat_map_and_one_risk_became_a_concern(played):
    risks = Risk.objects.unscoped()
    assert risks.count() == 5 * len(MAIN)
    assert risks.filter(visibility="private").count() == 2 * len(MAIN)
    materialised = risks.get(status="materialised")
    assert materialised.alliance.name == MATERIALISED
    assert Concern.objects.unscoped().filter(source="risk", alliance=materialised.alliance).exists()
    owner = materialised.owner
    grid = risk_selectors.heat_map(
        list(risk_selectors.risk_list(user=owner, alliance=materialised.alliance))
    )
    assert sum(cell.count for row in grid for cell in row) >= 3

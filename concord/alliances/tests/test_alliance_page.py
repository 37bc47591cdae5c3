"""The alliance page's opening: the summary strip, the feed that folds automatic reminders, notes
shortened until asked for, and the attention score explained."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from concord.alliances import services
from concord.alliances.selectors.workspace import fold_reminders
from concord.core import portfolio as registry
from concord.core.models import AuditEvent
from concord.core.portfolio import PortfolioFacts, Reason

pytestmark = pytest.mark.django_db


def event(action: str, summary: str, actor=None) -> AuditEvent:
    return AuditEvent(action=action, summary=summary, actor=actor)


def test_a_run_of_reminders_is_one_line_and_people_s_acts_stay_apart(cast):
    events = [
        event("note.created", "Alice wrote a note", cast.alice),
        *[event("commitment.reminded", f"Reminded Helix of report {n}") for n in range(12)],
        event("gate.proposed", "Alice proposed a gate", cast.alice),
        event("action.reminded", "Reminded Bob of the JSC booking"),
    ]
    feed = fold_reminders(events, lines=3)
    assert [(line.event.summary, line.count) for line in feed] == [
        ("Alice wrote a note", 1),
        ("Reminded Helix of report 0", 12),
        ("Alice proposed a gate", 1),
    ]
    assert feed[1].is_reminder and not feed[0].is_reminder
    # A person's act named "reminded" is still theirs, never folded with the sweep's.
    assert not fold_reminders([event("x.reminded", "Alice reminded", cast.alice)])[0].is_reminder


def test_the_page_opens_with_the_strip_and_shortens_long_notes(cast):
    body = "The CMC team asked for more time. " * 20
    services.note_create(actor=cast.alice, alliance=cast.helix_borealis, title="CMC", body=body)
    client = Client()
    client.force_login(cast.alice)
    page = client.get(reverse("alliances:alliance-detail", args=[cast.helix_borealis.pk]))
    html = page.content.decode()
    assert 'class="summary-strip section"' in html
    assert html.index("summary-strip") < html.index('id="timeline-h"')
    assert "Phase" in html and "No gate pending" in html
    assert [fact.label for fact in page.context["strip"]], "the capabilities' figures are in it"
    assert 'class="note__more"' in html and "Read the whole note" in html
    assert body.strip() in html  # the whole note is still there, one click away


def test_the_attention_score_is_explained_reason_by_reason(cast, monkeypatch):
    def source(user, alliance_ids):
        reasons = [Reason("overdue_action", "3 overdue actions", Decimal(3))]
        return {pk: PortfolioFacts(reasons=reasons) for pk in alliance_ids}

    monkeypatch.setattr(registry, "_SOURCES", [source])
    monkeypatch.setattr(
        registry, "_FACTORS", [registry.AttentionFactor("overdue_action", "Overdue", Decimal(1))]
    )
    services.attention_weights_update(actor=cast.bob, weights={"overdue_action": "2"})
    url = reverse("alliances:alliance-attention", args=[cast.helix_borealis.pk])
    client = Client()
    client.force_login(cast.bob)
    page = client.get(url)
    assert page.context["explained"].score == Decimal("6.0")
    assert "3 overdue actions" in page.content.decode()
    # Helix weighs nothing: its people read the same reason at the default weight.
    client.force_login(cast.alice)
    assert client.get(url).context["explained"].score == Decimal("3.0")
    # The strip asks for its tile only.
    tile = client.get(url, {"part": "tile"})
    assert "<h1" not in tile.content.decode() and "3.0" in tile.content.decode()
    client.force_login(cast.mallory)
    assert client.get(url).status_code == 404

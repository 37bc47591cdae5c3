"""Core's committee-decision source: what a capability gets with it registered and without it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from concord.core import decisions


def test_without_a_source_no_committee_decides_and_seeking_is_refused_on_committee(monkeypatch):
    monkeypatch.setattr(decisions, "_SOURCE", [])
    assert decisions.deciding_committees(object()) == []
    assert decisions.decision_outcome(7) is None
    with pytest.raises(ValidationError) as refused:
        decisions.decision_seek(actor=None, alliance=None, committee_id=1, title="T", text="X")
    assert list(refused.value.message_dict) == ["committee"]


def test_the_registered_source_answers_and_registering_again_replaces_it(monkeypatch):
    monkeypatch.setattr(decisions, "_SOURCE", [])
    ref = decisions.DecisionRef(3, "D-003", "JRC", "pending", "/decisions/3/")
    asked = []

    def seek(actor, alliance, committee_id, title, text):
        asked.append((committee_id, title, text))
        return ref

    decisions.register_decision_source(lambda a: [(1, "Old")], seek, lambda pk: None)
    decisions.register_decision_source(lambda a: [(2, "JRC")], seek, lambda pk: ref)
    assert decisions.deciding_committees("alliance") == [(2, "JRC")]
    found = decisions.decision_seek(actor="a", alliance="b", committee_id=2, title="T", text="X")
    assert found == ref and asked == [(2, "T", "X")]
    assert decisions.decision_outcome(3) == ref

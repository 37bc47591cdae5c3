"""Alliance panels go where they were registered, and only to a place the alliance page has."""

from __future__ import annotations

import pytest

from concord.core import sections


def test_each_place_lists_only_its_own_panels_in_order():
    side = sections.alliance_panels("side")
    gate = sections.alliance_panels("gate")
    assert side and gate and not set(side) & set(gate)
    assert [p.__module__ for p in gate] == ["concord.expectations.sections"]


def test_an_unknown_place_is_refused():
    with pytest.raises(ValueError, match="gate"):
        sections.register_alliance_panel(lambda request, alliance: None, place="footer")

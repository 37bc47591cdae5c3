"""The alliance page's sections from other capabilities: tabs in its header, panels beside it.

Each app registers in its extensions.py (see core/extensions.py):

- `register_alliance_tab(label, url_name, order)`: a link in the alliance page's section bar; the
  URL name takes the alliance's pk (e.g. "governance:alliance-governance"). Alliances registers
  the overview at order 0; a page passes its own URL name to `{% alliance_tabs %}` to mark it.
- `register_alliance_panel(panel, order, place)`: a function `(request, alliance) -> (template,
  context)` or None, rendered for a party that has joined: in the alliance page's side column
  (place "side") or inside the pending gate's card (place "gate"). A panel reads through
  `visible_to` like any page and keeps its query count flat. The page's view runs the panels
  before rendering (`gather_alliance_panels`) and hands them to the template as `panels`.

A side panel's context may also carry `"strip": [SummaryFact, ...]`: figures for the summary
strip that opens the alliance page (next meeting, health and gap, money due, reliability), made
from what the panel has already read, so the strip costs no query of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AllianceTab:
    label: str
    url_name: str
    order: int = 100


AlliancePanel = Callable[[Any, Any], tuple[str, dict[str, Any]] | None]
_TABS: list[AllianceTab] = []
PLACES = ("side", "gate")
_PANELS: list[tuple[str, int, AlliancePanel]] = []


def register_alliance_tab(label: str, url_name: str, order: int = 100) -> None:
    tab = AllianceTab(label, url_name, order)
    if tab not in _TABS:
        _TABS.append(tab)


def register_alliance_panel(panel: AlliancePanel, order: int = 100, place: str = "side") -> None:
    if place not in PLACES:
        raise ValueError(f"An alliance panel goes in one of {PLACES}, not {place!r}.")
    if all(existing is not panel for _, _, existing in _PANELS):
        _PANELS.append((place, order, panel))


def alliance_tabs() -> list[AllianceTab]:
    return sorted(_TABS, key=lambda tab: (tab.order, tab.label))


def alliance_panels(place: str = "side") -> list[AlliancePanel]:
    ordered = sorted(_PANELS, key=lambda entry: entry[1])
    return [panel for where, _, panel in ordered if where == place]


# What gather_alliance_panels hands the template: each place's panels as (template, context).
GatheredPanels = dict[str, list[tuple[str, dict[str, Any]]]]


def gather_alliance_panels(
    request: Any, alliance: Any, places: tuple[str, ...] = PLACES
) -> GatheredPanels:
    """Run every registered panel of every place for the alliance page, before it renders.

    The page's view calls this, so every panel's queries run with the view's and none hides in
    the template's render; `{% alliance_panels %}` then only renders what was gathered.
    """
    return {
        place: [
            rendered
            for panel in alliance_panels(place)
            if (rendered := panel(request, alliance)) is not None
        ]
        for place in places
    }


@dataclass(frozen=True)
class SummaryFact:
    """One figure of the alliance page's summary strip: "Next committee · JSC, 12 Jan"."""

    label: str
    value: str
    detail: str = ""
    url: str = ""
    tone: str = ""  # "", "warn" or "danger": how the figure is marked
    order: int = 100


def summary_facts(panels: GatheredPanels) -> list[SummaryFact]:
    """The summary strip's figures from the gathered side panels, in their order."""
    facts = [fact for _, context in panels.get("side", []) for fact in context.get("strip", [])]
    return sorted(facts, key=lambda fact: fact.order)

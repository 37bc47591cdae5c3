"""The alliance page's sections from other capabilities: tabs in its header, panels beside it.

Each app registers in its AppConfig.ready():

- `register_alliance_tab(label, url_name, order)`: a link in the alliance page's section bar; the
  URL name takes the alliance's pk (e.g. "governance:alliance-governance").
- `register_alliance_panel(panel, order)`: a function `(request, alliance) -> (template, context)`
  or None, rendered in the alliance page's side column for a party that has joined. A panel reads
  through `visible_to` like any page and keeps its query count flat.
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
_PANELS: list[tuple[int, AlliancePanel]] = []


def register_alliance_tab(label: str, url_name: str, order: int = 100) -> None:
    tab = AllianceTab(label, url_name, order)
    if tab not in _TABS:
        _TABS.append(tab)


def register_alliance_panel(panel: AlliancePanel, order: int = 100) -> None:
    if all(existing is not panel for _, existing in _PANELS):
        _PANELS.append((order, panel))


def alliance_tabs() -> list[AllianceTab]:
    return sorted(_TABS, key=lambda tab: (tab.order, tab.label))


def alliance_panels() -> list[AlliancePanel]:
    return [panel for _, panel in sorted(_PANELS, key=lambda entry: entry[0])]

"""What the wind-down plugs into core (see core/extensions.py).

Its tab on the alliance page, the checklist items due soon on Today, and its checklist items as records the document room may attach
evidence to (a certificate of destruction, a transfer letter).
"""

from typing import Any

from concord.core import extensions
from concord.core.attachments import EVIDENCE
from concord.winddown import today
from concord.winddown.models import ChecklistItem

extensions.register_alliance_tab("Wind-down", "winddown:overview", order=90)
extensions.register_today_source(today.today_items)


def _items(user: Any, alliance: Any) -> Any:
    """The alliance's wind-down checklist items a person may see."""
    return ChecklistItem.objects.visible_to(user).filter(wind_down__alliance=alliance)


extensions.register_linkable(
    extensions.Linkable("winddown.checklistitem", "Wind-down checklist item", (EVIDENCE,), _items)
)

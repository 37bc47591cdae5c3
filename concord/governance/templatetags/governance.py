"""Small display helpers for the governance pages."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import template
from django.utils import dateformat

from concord.governance.models import MatterCategory

register = template.Library()


@register.filter
def meeting_time(meeting: Any, fmt: str = "D j M Y, H:i") -> str:
    """A meeting's start in its own time zone, e.g. "Tue 3 Mar 2026, 14:00 Europe/London"."""
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
    return f"{dateformat.format(local, fmt)} {meeting.time_zone}"


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def carve_out_category_labels(charter: Any) -> list[str]:
    """The charter's carve-out categories, in words ("Safety", "Intellectual property")."""
    labels = dict(MatterCategory.choices)
    return [str(labels.get(value, value)) for value in charter.carve_out_categories or []]

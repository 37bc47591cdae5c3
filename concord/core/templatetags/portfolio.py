"""How a portfolio cell reads on screen, whatever capability filled it."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def portfolio_cell(value: Any) -> str:
    """A dash for nothing, a date for a moment, a compact figure with the exact one on hover."""
    if value is None or value == "":
        return mark_safe('<span class="muted">—</span>')  # a constant, nothing to escape
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value)
        return format_html(
            '<time datetime="{}">{}</time>', value.isoformat(), date_format(local, "j M Y")
        )
    if isinstance(value, datetime.date):
        return format_html(
            '<time datetime="{}">{}</time>', value.isoformat(), date_format(value, "j M Y")
        )
    short = getattr(value, "short", None)
    if short is not None:
        return format_html('<span title="{}">{}</span>', str(value), short)
    return format_html("{}", value)


@register.filter
def portfolio_value(row: Any, key: str) -> Any:
    """A portfolio row's value of one column, by its key (`row|portfolio_value:"health"`)."""
    return row.value(key)

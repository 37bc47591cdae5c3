"""How a portfolio cell reads on screen, whatever capability filled it."""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

EMPTY = mark_safe('<span class="muted">—</span>')  # a constant, nothing to escape


@register.simple_tag
def portfolio_cell(value: Any) -> str:
    """A dash for nothing, a date for a moment, a compact figure with the exact one on hover.

    Called for every cell of the portfolio (150 alliances × a dozen columns), so it builds its
    few shapes directly rather than through format_html.
    """
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.datetime):
        return _time(value.isoformat(), timezone.localtime(value).date())
    if isinstance(value, datetime.date):
        return _time(value.isoformat(), value)
    short = getattr(value, "short", None)
    if short is not None:
        exact, shown = escape(str(value)), escape(short)
        return mark_safe(f'<span title="{exact}">{shown}</span>')  # noqa: S308 - both escaped
    return conditional_escape(value)


def _time(iso: str, day: datetime.date) -> SafeString:
    shown = _day(day, get_language())
    # An ISO timestamp holds digits, dashes, colons, a dot and a plus; the day is escaped.
    return mark_safe(f'<time datetime="{iso}">{shown}</time>')  # noqa: S308


@functools.lru_cache(maxsize=4096)
def _day(day: datetime.date, language: str | None) -> str:
    """ "6 Dec 2026" in the active language; the same few hundred days recur on every request."""
    return escape(date_format(day, "j M Y"))


@register.filter
def portfolio_value(row: Any, key: str) -> Any:
    """A portfolio row's value of one column, by its key (`row|portfolio_value:"health"`)."""
    return row.value(key)


@register.filter
def portfolio_text(value: Any) -> str:
    """A portfolio cell as plain text (the PDF's): a dash, a day, or the compact figure."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    if isinstance(value, datetime.date):
        return mark_safe(_day(value, get_language()))  # noqa: S308 - _day escapes
    short = getattr(value, "short", None)
    return str(value if short is None else short)

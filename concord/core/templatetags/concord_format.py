"""How figures read on a page: amounts compactly (`USD 60.0M`), durations as people say them.

    {% load concord_format %}
    {{ payment.amount|money:payment.currency|compact }}   →  USD 60.0M, exact on hover
    {{ tally.average_days_late|duration }}                 →  25 days

`compact` takes an exact amount as the app formatted it ("USD 60,000,000.000" from deals'
`money`), so each currency keeps its own digits in the hover text; exports keep writing exact
figures, never these.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

SCALES = ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(1000), "K"))
HOURS_PER_DAY = Decimal(24)


def compact_amount(amount: Decimal) -> str | None:
    """`60000000` → `60.0M`, `250000` → `250.0K`; None below a thousand, shown exactly."""
    for limit, suffix in SCALES:
        if abs(amount) >= limit:
            scaled = (amount / limit).quantize(Decimal("0.1"), ROUND_HALF_UP)
            return f"{scaled:,}{suffix}"
    return None


def _parse_money(text: str) -> tuple[str, Decimal] | None:
    """ "USD 60,000,000.000" → ("USD", Decimal("60000000.000")); None for anything else."""
    code, _, figure = text.strip().partition(" ")
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        return None
    try:
        return code, Decimal(figure.replace(",", ""))
    except InvalidOperation:
        return None


@register.filter(is_safe=True)
def compact(exact: Any) -> SafeString | str:
    """An exact amount shown compactly, the exact figure in its title for hover."""
    text = str(exact) if exact is not None else ""
    parsed = _parse_money(text)
    short = compact_amount(parsed[1]) if parsed else None
    if parsed is None or short is None:
        return text
    return format_html('<span class="amount" title="{}">{} {}</span>', text, parsed[0], short)


def _as_days(value: Any) -> Decimal | None:
    if isinstance(value, datetime.timedelta):
        return Decimal(value.total_seconds()) / Decimal(86400)
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def duration(days: Any) -> str:
    """A number of days (or a timedelta) as people say it: "25 days", "1 day", "6 hours"."""
    if days is None or days == "":
        return "—"
    value = _as_days(days)
    if value is None or not value.is_finite():
        return str(days)
    value = abs(value)
    if value < 1:
        hours = int((value * HOURS_PER_DAY).quantize(Decimal(1), ROUND_HALF_UP))
        if hours < 1:
            return "under an hour"
        if hours < 24:
            return f"{hours} hour{'s' if hours != 1 else ''}"
    whole = int(value.quantize(Decimal(1), ROUND_HALF_UP))
    return f"{whole:,} day{'s' if whole != 1 else ''}"

"""`{{ amount|money:currency }}`: an amount with its ISO code and its currency's digits."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from concord.deals.money import format_money

register = template.Library()


@register.filter
def money(amount: Any, currency: str) -> str:
    if amount is None or amount == "":
        return "—"
    try:
        return format_money(Decimal(str(amount)), currency)
    except (InvalidOperation, ValueError):
        return str(amount)


@register.filter
def percent(value: Any) -> str:
    """12.5000 → "12.5%"."""
    try:
        return f"{Decimal(str(value)).normalize():f}%"
    except (InvalidOperation, ValueError):
        return str(value)

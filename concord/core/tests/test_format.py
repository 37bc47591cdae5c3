"""The compact amount and duration filters: what a reader sees, and the exact figure kept."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from concord.core.templatetags.concord_format import compact, compact_amount, duration


@pytest.mark.parametrize(
    ("exact", "shown"),
    [
        ("USD 60,000,000.000", "USD 60.0M"),
        ("EUR 250,000.00", "EUR 250.0K"),
        ("USD 1,200,000,000.00", "USD 1.2B"),
        ("CHF 1,250.00", "CHF 1.3K"),
        ("USD -3,450,000.00", "USD -3.5M"),
        ("JPY 999,999,999", "JPY 1,000.0M"),
    ],
)
def test_a_large_amount_is_shown_compactly_with_the_exact_figure_on_hover(exact, shown):
    html = str(compact(exact))
    assert f">{shown}</span>" in html
    assert f'title="{exact}"' in html


@pytest.mark.parametrize("exact", ["USD 950.00", "KWD 0.125", "—", "", "not money", "usd 5,000"])
def test_a_small_amount_or_anything_else_is_left_as_it_is(exact):
    assert compact(exact) == exact


def test_compact_amount_rounds_half_up_to_one_decimal():
    assert compact_amount(Decimal("60049999")) == "60.0M"
    assert compact_amount(Decimal("60050000")) == "60.1M"
    assert compact_amount(Decimal("999.99")) is None


def test_the_filter_escapes_what_it_is_given():
    rendered = Template("{% load concord_format %}{{ value|compact }}").render(
        Context({"value": "USD 5,000,000.00"})
    )
    assert rendered == '<span class="amount" title="USD 5,000,000.00">USD 5.0M</span>'
    hostile = Template("{% load concord_format %}{{ value|compact }}").render(
        Context({"value": "<b>USD</b>"})
    )
    assert "<b>" not in hostile


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (Decimal("25.20"), "25 days"),
        (25.5, "26 days"),
        (Decimal("3.5"), "4 days"),
        (1, "1 day"),
        (Decimal("1.4"), "1 day"),
        (0.25, "6 hours"),
        (Decimal("0.04"), "1 hour"),
        (0.01, "under an hour"),
        (0, "under an hour"),
        (1200, "1,200 days"),
        (datetime.timedelta(days=2, hours=13), "3 days"),
        (datetime.timedelta(hours=5), "5 hours"),
        (None, "—"),
        ("", "—"),
        ("soon", "soon"),
    ],
)
def test_durations_are_rounded_the_way_people_say_them(days, said):
    assert duration(days) == said

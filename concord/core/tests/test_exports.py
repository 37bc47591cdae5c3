"""One formula guard for every export."""

from decimal import Decimal

import pytest

from concord.core.exports import csv_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("-A1", "'-A1"),
        ("-1234.00 ", "'-1234.00 "),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Helix", "Helix"),
        (None, ""),
        (12, "12"),
    ],
)
def test_would_be_formulas_are_defused_and_the_rest_kept(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("-1234.00", "-1234.00"),
        ("-2", "-2"),
        (Decimal("-1234.00"), "-1234.00"),
        (-5, "-5"),
    ],
)
def test_a_negative_number_stays_a_number(value, cell):
    """A restatement credit exported as text would not add up in the partner's spreadsheet."""
    assert csv_cell(value) == cell

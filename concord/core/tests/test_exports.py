"""One formula guard for every export."""

import pytest

from concord.core.exports import csv_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Helix", "Helix"),
        (None, ""),
        (12, "12"),
    ],
)
def test_would_be_formulas_are_defused_and_the_rest_kept(value, cell):
    assert csv_cell(value) == cell

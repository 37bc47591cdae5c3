"""Collection for the cross-cutting tests."""

from __future__ import annotations

import pytest


@pytest.hookimpl(tryfirst=True)  # before xdist turns the groups into node ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Schemathesis gives every operation's test the same node id; `--dist loadgroup` would then
    send them all to one worker as one unit. A group of its own per operation keeps them apart."""
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and not any(item.iter_markers("xdist_group")):
            item.add_marker(pytest.mark.xdist_group(f"schemathesis {label}"))

"""Shared fixtures: the demo cohort split across three parties of unequal size."""

from __future__ import annotations

from pathlib import Path

import pytest

from concord.research.fl import bundle_hash, demo_datasets

PARTIES = ["alpha", "beta", "gamma"]


@pytest.fixture(scope="session")
def party_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return demo_datasets(tmp_path_factory.mktemp("parties"), PARTIES, seed=7)


@pytest.fixture(scope="session")
def approved_hash() -> str:
    return bundle_hash()

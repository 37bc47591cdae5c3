"""Collection for the cross-cutting tests."""

from __future__ import annotations

import functools
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from schemathesis.generation.hypothesis import builder as schemathesis_builder

# Schemathesis builds each operation's coverage cases (every boundary and invalid value of every
# parameter, attached as Hypothesis explicit examples) while the test is being collected, and every
# xdist worker collects every operation: each worker paid for all of them, then ran half. The cases
# are built instead just before their own test runs. Hypothesis reads a test's explicit examples
# when it is called, so they are the same cases, in the same order, checked the same way; an error
# building them now fails that operation's test instead of its collection. (schemathesis is pinned
# exactly in pyproject.toml: a release that renames `add_coverage` fails here, loudly.)
_build_coverage = schemathesis_builder.add_coverage
PENDING_COVERAGE = "_concord_pending_coverage"


def _coverage_when_run(test: Any, *args: Any, **kwargs: Any) -> Any:
    setattr(test, PENDING_COVERAGE, functools.partial(_build_coverage, test, *args, **kwargs))
    return test


schemathesis_builder.add_coverage = _coverage_when_run


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """Attach an operation's coverage cases to its test just before the test runs."""
    test = getattr(item, "obj", None)
    build = getattr(test, PENDING_COVERAGE, None)
    if build is not None:
        delattr(test, PENDING_COVERAGE)
        build()


@pytest.hookimpl(tryfirst=True)  # before xdist turns the groups into node ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Schemathesis gives every operation's test the same node id; `--dist loadgroup` would then
    send them all to one worker as one unit. A group of its own per operation keeps them apart."""
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and not any(item.iter_markers("xdist_group")):
            item.add_marker(pytest.mark.xdist_group(f"schemathesis {label}"))


ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class MigratedDatabase:
    """A new SQLite database that `manage.py migrate` built, and what the command printed."""

    path: Path
    stdout: str

    def copy_to(self, target: Path) -> Path:
        """A copy of the database at `target` (through SQLite's backup, so the copy is whole)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(self.path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return target


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> MigratedDatabase:
    """A brand-new SQLite file migrated once per test process, as `make run` migrates: in a
    subprocess, with the production settings in development mode.

    The migration test checks a copy and the smoke test seeds and serves another (both are in the
    `smoke` group, so one worker migrates once for both): migrating took about a minute each."""
    folder = tmp_path_factory.mktemp("migrated")
    path = folder / "concord.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "DEBUG": "true",
        "CONCORD_VAR_DIR": str(folder / "var"),
        "DJANGO_SETTINGS_MODULE": "concord.settings",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return MigratedDatabase(path=path, stdout=done.stdout)

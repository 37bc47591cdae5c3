"""The demo, seeded once for every demo test and rolled back after the last of them.

Seeding is the slow part (about a minute), so all demo tests share one seeded world: they are in
one xdist group (one worker runs them all under `--dist loadgroup`) and read the world without
changing it; a test that writes does so inside its own savepoint, which pytest-django rolls back.
The fixture is package-scoped rather than session-scoped so the demo's rows vanish as soon as the
last demo test has run, and no other test on the same worker ever sees them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from concord.alliances.models import Alliance, Gate, GateSignoff, Note, Party
from concord.core.models import AuditEvent
from concord.demo.story import SeedReport, Story, seed_demo
from concord.orgs.models import Organisation, User
from concord.portal.models import Message, Portal, Review, Submission


@dataclass
class Seeded:
    """The seeded demo: the report and progress of the first run, the output of the second."""

    report: SeedReport
    progress: list[str]
    second_run: str

    @property
    def story(self) -> Story:
        assert self.report.story is not None
        return self.report.story


@pytest.fixture(scope="package")
def seeded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Seeded]:
    """Seed the demo, then run the command again (it must change nothing); roll back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        progress: list[str] = []
        report = seed_demo(progress=progress.append)
        counts = _row_counts()
        second = StringIO()
        call_command("seed_demo", stdout=second)
        assert _row_counts() == counts, "the second run changed the database"
        yield Seeded(report, progress, second.getvalue())
        transaction.set_rollback(True)


@pytest.fixture
def played(seeded: Seeded) -> Story:
    """The story as played, for the tests that ask who someone is or when a step ran."""
    return seeded.story


def _row_counts() -> dict[str, int]:
    models = [Organisation, User, Alliance, Party, Gate, GateSignoff, Note, AuditEvent]
    models += [Portal, Submission, Review, Message]
    return {
        m.__name__: m._base_manager.count()  # the plain manager: a system count, no tenant scope
        for m in models
    }

"""Shared steps for the expectations tests: the story's parties and a clock to move through it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from concord.alliances.models import Party
from concord.core import clock as core_clock
from concord.expectations import services
from concord.expectations.models import Commitment

CRITERIA = "GLP-compliant report, QA-signed, in the agreed template, uploaded to the data room."


def party(alliance: Any, organisation: Any) -> Party:
    return Party.objects.unscoped().get(alliance=alliance, organisation=organisation)


def moment(day: datetime.date | str, hour: int = 12) -> datetime.datetime:
    """Noon (or `hour`) UTC on a day."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


class MovedClock:
    """The clock of a `with clock(…)` block: setting `moment` moves "now" on."""

    @property
    def moment(self) -> datetime.datetime:
        return core_clock.now()

    @moment.setter
    def moment(self, value: datetime.datetime) -> None:
        core_clock.set(value)


@contextmanager
def clock(at: datetime.datetime | str) -> Iterator[MovedClock]:
    """Stand "now" at a moment; move it with `clock.moment = …`."""
    with core_clock.moved_to(at if isinstance(at, datetime.datetime) else moment(at)):
        yield MovedClock()


def helix_owes(cast: Any, *, due: datetime.date | str, title: str = "Tox report") -> Commitment:
    """Bob records that Helix (Alice owning it) owes Borealis something on the alliance."""
    if isinstance(due, str):
        due = datetime.date.fromisoformat(due)
    alliance = cast.helix_borealis
    return services.commitment_create(
        actor=cast.bob,
        alliance=alliance,
        title=title,
        acceptance_criteria=CRITERIA,
        owner_party=party(alliance, cast.helix),
        owner=cast.alice,
        due_date=due,
    )


def borealis_owes(
    cast: Any, *, due: datetime.date | str, title: str = "Assay access"
) -> Commitment:
    """Alice records that Borealis (Bob owning it) owes Helix something."""
    if isinstance(due, str):
        due = datetime.date.fromisoformat(due)
    alliance = cast.helix_borealis
    return services.commitment_create(
        actor=cast.alice,
        alliance=alliance,
        title=title,
        acceptance_criteria="Access to the high-content screening assay for two weeks.",
        owner_party=party(alliance, cast.borealis),
        owner=cast.bob,
        due_date=due,
    )

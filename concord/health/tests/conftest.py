"""The health story's extra cast: enough people on each side of Alice and Bob's alliance to answer.

Helix's team is Alice and three scientists (Carol stays a read-only colleague, off the team);
Borealis's team is Bob, Erin and two colleagues. Answers go through the services, as a person's
link would send them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from concord.alliances import services as alliance_services
from concord.alliances.models import Alliance, Party
from concord.health import services
from concord.health.models import Kind, Respondent, Round, Statement
from concord.orgs.models import User
from conftest import Cast, colleague


@dataclass
class Teams:
    """The cast with full alliance teams on Alice and Bob's alliance."""

    cast: Cast
    helix: list[User]  # Alice first
    borealis: list[User]  # Bob first

    @property
    def alliance(self) -> Alliance:
        return self.cast.helix_borealis


def staff(admin: User, alliance: Alliance, people: list[tuple[str, str, str]]) -> list[User]:
    party = Party.objects.unscoped().get(
        alliance=alliance, organisation=admin.membership.organisation
    )
    added = []
    for email, first, last in people:
        person = colleague(admin, email, first, last, "scientist")
        alliance_services.team_member_add(actor=admin, party=party, user=person, role="scientist")
        added.append(person)
    return added


@pytest.fixture
def teams(cast: Cast) -> Teams:
    helix = staff(
        cast.alice,
        cast.helix_borealis,
        [
            ("hana@helix.test", "Hana", "Hale"),
            ("ivo@helix.test", "Ivo", "Ives"),
            ("jun@helix.test", "Jun", "Joyce"),
        ],
    )
    party = Party.objects.unscoped().get(alliance=cast.helix_borealis, organisation=cast.borealis)
    alliance_services.team_member_add(
        actor=cast.bob, party=party, user=cast.erin, role="executive_sponsor"
    )
    borealis = staff(
        cast.bob,
        cast.helix_borealis,
        [("kai@borealis.test", "Kai", "Kerr"), ("lea@borealis.test", "Lea", "Lund")],
    )
    return Teams(cast, [cast.alice, *helix], [cast.bob, cast.erin, *borealis])


def open_round(alliance: Alliance, kind: str = Kind.PULSE, actor: User | None = None) -> Round:
    """An alliance manager starts a round now (the sweep would do the same on the cadence)."""
    return services.round_start(actor=actor or alliance.created_by, alliance=alliance, kind=kind)


def statements(round_: Round) -> list[Statement]:
    return list(Statement.objects.unscoped().filter(dimension__version=round_.version_id))


def answer(
    round_: Round,
    person: User,
    score: int | dict[str, int] = 4,
    comment: str = "",
    internal: str = "",
) -> None:
    """`person` answers every statement with `score` (or a score per dimension key)."""
    respondent = Respondent.objects.unscoped().get(round=round_, user=person)
    scores = {
        s.pk: score if isinstance(score, int) else score.get(s.dimension.key, 4)
        for s in Statement.objects.unscoped()
        .filter(dimension__version=round_.version_id)
        .select_related("dimension")
    }
    services.response_submit(
        respondent=respondent, scores=scores, comment=comment, internal_comment=internal
    )


def close(round_: Round) -> Round:
    services.round_close(round_pk=round_.pk)
    return Round.objects.unscoped().get(pk=round_.pk)


def run_round(
    teams: Teams,
    helix: list[Any],
    borealis: list[Any],
    kind: str = Kind.PULSE,
) -> Round:
    """Open a round, let the first people of each side answer with the given scores, close it."""
    round_ = open_round(teams.alliance, kind, actor=teams.cast.alice)
    for person, score in zip(teams.helix, helix, strict=False):
        answer(round_, person, score)
    for person, score in zip(teams.borealis, borealis, strict=False):
        answer(round_, person, score)
    return close(round_)

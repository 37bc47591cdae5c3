"""Every alliance page and the home page, walked by every member of the cast.

The routes come from the URL resolver: a new page fails `test_every_route_is_in_the_matrix`
until it gets a row here, so nobody has to remember to add one. Each row says what each person
gets on Alice and Bob's alliance: outsiders 404 (never 403, which would reveal that it exists),
people without the role 403, and members what the page gives them. People act in the order of
PEOPLE, least privileged first, so a change made by one (Bob signing the gate) is what the next
one (Alice) finds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from concord.alliances import services
from concord.alliances.models import Gate, Party, Programme, TeamMember

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "mallory", "dave", "carol", "bob", "alice"]
NAMESPACES = ["alliances", "core"]


@dataclass(frozen=True)
class Row:
    """One route: how to call it on Alice and Bob's alliance, and what each person gets."""

    method: str
    args: Callable[[Any], list[int]]
    expected: dict[str, int]
    data: Callable[[Any], dict[str, Any]] = lambda cast: {}


def alliance(cast: Any) -> list[int]:
    return [cast.helix_borealis.pk]


def helix_party(cast: Any) -> list[int]:
    return [Party.objects.unscoped().get(alliance=cast.helix_borealis, organisation=cast.helix).pk]


def programme(cast: Any) -> list[int]:
    return [Programme.objects.unscoped().filter(alliance=cast.helix_borealis).get().pk]


def alices_team_place(cast: Any) -> list[int]:
    return [TeamMember.objects.unscoped().get(party_id=helix_party(cast)[0], user=cast.alice).pk]


def pending_gate(cast: Any) -> list[int]:
    gate = Gate.objects.unscoped().filter(alliance=cast.helix_borealis, status="pending").first()
    if gate is None:
        gate = services.gate_propose(
            actor=cast.alice, alliance=cast.helix_borealis, to_phase="preclinical", rationale="Go"
        )
    return [gate.pk]


def none(cast: Any) -> list[int]:
    return []


def everyone(status: int, anonymous: int = 302) -> dict[str, int]:
    return {person: status for person in PEOPLE} | {"anonymous": anonymous}


READERS = {"anonymous": 302, "mallory": 404, "dave": 404, "carol": 200, "bob": 200, "alice": 200}
MANAGERS = READERS | {"carol": 403}

MATRIX: dict[str, Row] = {
    "core:home": Row("get", none, everyone(200, anonymous=200)),
    "alliances:alliance-list": Row("get", none, everyone(200)),
    "alliances:alliance-export": Row("get", none, everyone(200)),
    "alliances:alliance-create": Row("get", none, everyone(200) | {"carol": 403}),
    "alliances:alliance-detail": Row("get", alliance, READERS),
    "alliances:alliance-activity": Row("get", alliance, READERS),
    "alliances:alliance-update": Row("get", alliance, MANAGERS),
    "alliances:programme-create": Row("get", alliance, MANAGERS),
    "alliances:programme-update": Row("get", programme, MANAGERS),
    "alliances:party-invite": Row("get", alliance, MANAGERS),
    "alliances:gate-create": Row("get", alliance, MANAGERS),
    "alliances:note-create": Row("get", alliance, MANAGERS),
    # Helix has already accepted: Alice is told so on the page; Bob may not answer for Helix.
    "alliances:party-respond": Row(
        "post",
        helix_party,
        MANAGERS | {"bob": 403},
        lambda cast: {"decision": "accept"},
    ),
    # Carol is not in Bob's list of colleagues, so his form shows an error rather than a 403.
    "alliances:team-member-add": Row(
        "post",
        helix_party,
        MANAGERS | {"alice": 302},
        lambda cast: {"user": cast.carol.membership.pk, "role": "scientist"},
    ),
    "alliances:team-member-remove": Row(
        "post", alices_team_place, MANAGERS | {"bob": 403, "alice": 302}
    ),
    # Bob's signature passes the gate; Alice (who signed on proposing) is told it is closed.
    "alliances:gate-sign": Row("post", pending_gate, MANAGERS | {"bob": 302, "alice": 302}),
    "alliances:gate-decline": Row(
        "post",
        pending_gate,
        MANAGERS | {"bob": 302, "alice": 200},
        lambda cast: {"reason": "Not yet."},
    ),
    "alliances:gate-withdraw": Row("post", pending_gate, MANAGERS | {"bob": 403, "alice": 302}),
}


def route_names() -> set[str]:
    """Every named route in the namespaces this matrix covers, read from the URL resolver."""
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in NAMESPACES:
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name:
                    names.add(f"{entry.namespace}:{pattern.name}")
    return names


def test_every_route_is_in_the_matrix():
    assert route_names() == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_person_gets_what_their_role_allows(cast, name):
    row = MATRIX[name]
    url = reverse(name, args=row.args(cast))
    got = {}
    for person in PEOPLE:
        client = Client()
        if person != "anonymous":
            client.force_login(getattr(cast, person))
        got[person] = getattr(client, row.method)(url, row.data(cast)).status_code
    assert got == row.expected

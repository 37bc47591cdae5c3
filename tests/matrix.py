"""The permission matrix's vocabulary: the world a route runs in, and who gets which status.

tests/test_permission_matrix.py holds the matrix itself; each capability added after the alliance
workspace keeps its own entries beside it in tests/matrix_<app>.py (PAGES, OPERATIONS,
PATH_OBJECTS and a build() that adds the records its routes point at), written in these terms.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from concord.alliances.models import Alliance, Party
from concord.core import clock
from conftest import Cast

PEOPLE = ["mallory", "dave", "anonymous", "carol", "bob", "alice"]
ROLES = ("lead", "partner", "viewer", "outsider", "anonymous")


@dataclass
class World:
    """The cast plus one of everything a route can point at, for one of the two alliances."""

    cast: Cast
    alliance: Alliance
    roles: dict[str, str]
    objects: dict[str, Any] = field(default_factory=dict)
    # Signed in once with the world (see Worlds in test_permission_matrix.py): each person's
    # session key and API key, so a route's test does not sign everyone in again.
    sessions: dict[str, str] = field(default_factory=dict)
    api_keys: dict[str, str] = field(default_factory=dict)

    def people(self) -> list[str]:
        """Outsiders and anonymous first, the lead last: a successful write comes at the end."""
        order = {"outsider": 0, "anonymous": 1, "viewer": 2, "partner": 3, "lead": 4}
        return sorted(PEOPLE, key=lambda who: order[self.roles[who]])


def person(world: World, name: str):
    return None if name == "anonymous" else getattr(world.cast, name)


def lead_of(world: World) -> Any:
    """The person leading this world's alliance: Alice in Helix's world, Dave in Cobalt's."""
    return person(world, next(who for who, role in world.roles.items() if role == "lead"))


def lead_party(world: World) -> Party:
    """The lead's own party in this world's alliance."""
    return world.objects["party"]


def days_ahead(days: int) -> str:
    """The day `days` from today, as a form or an API body sends it."""
    return (clock.today() + datetime.timedelta(days=days)).isoformat()


def expect(**codes: int) -> dict[str, int]:
    """Expected statuses by part in the story; `others` fills the parts not named."""
    others = codes.pop("others", None)
    table = {role: codes.get(role, others) for role in ROLES}
    assert None not in table.values(), f"give every role a status: {table}"
    return table  # type: ignore[return-value]


@dataclass
class Page:
    """A page route: how to fill its URL and POST body, and what each part in the story gets."""

    kwargs: Callable[[World], dict[str, Any]]
    codes: dict[str, int]
    post: Callable[[World], dict[str, Any]] | None = None  # POST-only routes send this body


def no_kwargs(world: World) -> dict[str, Any]:
    return {}


def alliance_pk(world: World) -> dict[str, Any]:
    return {"pk": world.alliance.pk}


def object_pk(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": world.objects[name].pk}


def body(**data: Any) -> Callable[[World], dict[str, Any]]:
    return lambda world: data


PUBLIC = expect(anonymous=200, others=302)  # signed-in people are sent on to the app
MEMBERS = expect(anonymous=302, others=200)
READERS = expect(anonymous=302, outsider=404, others=200)
MANAGERS = expect(anonymous=302, outsider=404, viewer=403, others=200)
# Alice administers Helix: its invitations and memberships are hers alone, whichever alliance.
HELIX_ADMIN = {"alice": 302, "carol": 403, "anonymous": 302}


def by_person(default: int, **overrides: int) -> dict[str, int]:
    """For routes about one's own organisation, where what counts is one's job, not a part."""
    return {who: overrides.get(who, default) for who in PEOPLE}


@dataclass
class Operation:
    """An API operation: a valid body (so a 404 is about the record, not the payload) and codes."""

    codes: dict[str, int]
    body: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    produces: str = "application/json"  # a success's content type


API_READ = expect(anonymous=401, others=200)
API_SCOPED_READ = expect(anonymous=401, outsider=404, others=200)

"""The shared cast every test tells its story with.

Alice leads alliances at Helix Biotherapeutics (a biotech); Bob is alliance manager at Borealis
Pharma, her partner; Carol is read-only at Helix; Dave is at Cobalt Bio, Helix's rival in the same
therapeutic area, which also partners with Borealis; Mallory is at an organisation with no alliance
with anyone here. Bob's alliance with Dave must stay invisible to Alice, and the other way round.
"""

from __future__ import annotations

import datetime
import gc
import os
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from _pytest.nodeid import coerce_node_id
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from concord.alliances import services as alliance_services
from concord.alliances.models import Alliance, Note
from concord.core import clock
from concord.core.audit import audit_seal
from concord.core.signatures import SignatureArgs
from concord.orgs import services as org_services
from concord.orgs.models import ApiToken, Membership, Organisation, User
from tests.snapshot import Snapshot, capture

# The groups that take longest (the smoke and migration tests migrate a new database, which the
# smoke test then seeds and serves, the demo tests seed it, the drill and serving tests start
# servers, the federated engine's deployment tests wait on real Flower processes): they start first,
# so no worker is left running one of them alone at the end while the other idles.
SLOW_GROUPS = ("smoke", "demo", "serving", "deployment")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the order given below: xdist's own reordering sorts work units by their number of
    tests only, which put the one-test smoke and migration groups last."""
    if getattr(config.option, "dist", "") == "loadgroup":
        config.option.loadscopereorder = False


@pytest.hookimpl(trylast=True)  # after every conftest has added its groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make `--dist loadgroup` group again, and hand out the slowest work first.

    pytest 9 reads a node id from `_id`, while pytest-xdist 3.8 still writes the group suffix to
    `_nodeid`, so every test was its own unit and a group's shared fixtures (the demo's seed, a
    matrix world) were built on both workers. The order: the slow groups, then the other groups
    from the largest down, then single tests in the order collected."""
    if not getattr(config.option, "loadgroup", False):
        return
    group_of: dict[int, str] = {}  # by id(item)
    for item in items:
        names = sorted({str(m.args[0]) for m in item.iter_markers("xdist_group") if m.args})
        if names and "@" not in item.nodeid.rsplit("]", 1)[-1]:
            group_of[id(item)] = "_".join(names)
            item._id = coerce_node_id(f"{item.nodeid}@{group_of[id(item)]}")  # type: ignore[attr-defined]
    sizes = Counter(group_of.values())

    def rank(item: pytest.Item) -> tuple[int, int]:
        group = group_of.get(id(item))
        if group is None:
            return (2, 0)
        if group in SLOW_GROUPS:
            return (0, SLOW_GROUPS.index(group))
        return (1, -sizes[group])

    items.sort(key=rank)  # stable: each group keeps its own order


def pytest_collection_finish(session: pytest.Session) -> None:
    """Keep Python's cyclic garbage collector from walking the whole heap over and over.

    After collection each process holds Django, every app and the collected tests, objects that
    live until the end; the tests then make millions of short-lived ones (querysets, requests,
    generated cases), and at the default thresholds (700, 10, 10) every full collection walked
    all of it again. Freezing what is there moves it out of the collector's sight, and a larger
    first threshold lets fewer collections run: about 12% less CPU for the same tests.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A `one_pass` test checks nothing that depends on the suite's database (it reads files,
    starts its own processes on SQLite or none, or tests Flower's processes rather than the rows
    around them): `.ci/run`'s PostgreSQL pass, which sets DATABASE_URL, would only repeat it."""
    if item.get_closest_marker("one_pass") and os.environ.get("DATABASE_URL"):
        pytest.skip("runs on the SQLite pass only: what it checks does not depend on the database")


PASSWORD = "correct-horse-battery-staple"


def signed(meaning: str = "approve") -> SignatureArgs:
    """An electronic signature's keywords: the cast's own password, re-entered, and what the
    signature means (approve, reject or review)."""
    return {"password": PASSWORD, "meaning": meaning}


def totp_code(secret: str) -> str:
    """An authenticator app's code for `secret`, read at least three seconds before its 30-second
    window ends: allauth accepts the current window's code only, and one read in the window's last
    moment could reach the server in the next window (a test that failed now and then)."""
    if time.time() % 30 > 27:
        time.sleep(30.05 - time.time() % 30)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


VOTE_MEANINGS = {"for": "approve", "against": "reject", "abstain": "review"}


def signed_vote(vote: str) -> SignatureArgs:
    """A vote's signature keywords: the cast's password and the meaning that fits the vote."""
    return signed(VOTE_MEANINGS.get(vote, "approve"))


@dataclass
class Cast:
    """The people, organisations and alliances of the shared story."""

    alice: User
    bob: User
    carol: User
    dave: User
    mallory: User
    erin: User  # Borealis's executive sponsor, who signs gates with Bob
    helix: Organisation
    borealis: Organisation
    cobalt: Organisation
    outsider_org: Organisation
    helix_borealis: Alliance  # Alice and Bob's alliance
    cobalt_borealis: Alliance  # Dave and Bob's alliance: secret from Alice
    helix_private_note: Note
    borealis_private_note: Note
    shared_note: Note
    cobalt_private_note: Note

    def everyone(self) -> dict[str, User]:
        return {
            "alice": self.alice,
            "bob": self.bob,
            "carol": self.carol,
            "dave": self.dave,
            "mallory": self.mallory,
        }


def signup(name: str, kind: str, email: str, first: str, last: str) -> Membership:
    return org_services.organisation_signup(
        name=name,
        kind=kind,
        country="GB",
        time_zone="Europe/London",
        email=email,
        password=PASSWORD,
        first_name=first,
        last_name=last,
    )


def colleague(admin: User, email: str, first: str, last: str, role: str) -> User:
    issued = org_services.invitation_create(actor=admin, email=email, role=role)
    return org_services.invitation_accept(
        token=issued.token, password=PASSWORD, first_name=first, last_name=last
    ).user


def partnership(lead: User, partner: User, name: str) -> Alliance:
    alliance = alliance_services.alliance_create(
        actor=lead,
        name=name,
        purpose=f"{name}: joint discovery and development.",
        effective_date=datetime.date(2025, 1, 15),
        programmes=[
            {
                "asset_name": f"{name[:3].upper()}-101",
                "modality": "antibody",
                "therapeutic_area": "oncology",
                "indication": "Non-small cell lung cancer",
                "stage": "preclinical",
            }
        ],
    )
    party = alliance_services.party_invite(
        actor=lead, alliance=alliance, organisation=partner.membership.organisation
    ).party
    assert party is not None
    alliance_services.party_respond(actor=partner, party=party, accept=True)
    alliance.refresh_from_db()
    return alliance


def build_cast() -> Cast:
    """Create the whole cast through the services, so the audit trail is real too."""
    alice = signup("Helix Biotherapeutics", "biotech", "alice@helix.test", "Alice", "Archer").user
    bob = signup("Borealis Pharma", "pharma", "bob@borealis.test", "Bob", "Brennan").user
    carol = colleague(alice, "carol@helix.test", "Carol", "Chen", Membership.Role.VIEWER)
    erin = colleague(bob, "erin@borealis.test", "Erin", "Eklund", "executive_sponsor")
    dave = signup("Cobalt Bio", "biotech", "dave@cobalt.test", "Dave", "Dunmore").user
    mallory = signup("Meridian Labs", "cro", "mallory@meridian.test", "Mallory", "Moss").user
    helix_borealis = partnership(alice, bob, "Helix–Borealis oncology alliance")
    cobalt_borealis = partnership(dave, bob, "Cobalt–Borealis oncology alliance")

    def note(author: User, alliance: Alliance, title: str, visibility: str) -> Note:
        return alliance_services.note_create(
            actor=author, alliance=alliance, title=title, body=f"{title}.", visibility=visibility
        )

    cast = Cast(
        alice=alice,
        bob=bob,
        carol=carol,
        dave=dave,
        mallory=mallory,
        erin=erin,
        helix=alice.membership.organisation,
        borealis=bob.membership.organisation,
        cobalt=dave.membership.organisation,
        outsider_org=mallory.membership.organisation,
        helix_borealis=helix_borealis,
        cobalt_borealis=cobalt_borealis,
        helix_private_note=note(alice, helix_borealis, "Helix walk-away position", "private"),
        borealis_private_note=note(bob, helix_borealis, "Borealis portfolio review", "private"),
        shared_note=note(alice, helix_borealis, "Kick-off meeting summary", "shared"),
        cobalt_private_note=note(bob, cobalt_borealis, "Cobalt term sheet thoughts", "private"),
    )
    audit_seal()  # as the sealer would within the minute: the cast's history is in the chain
    return cast


def api_client(user: User) -> Client:
    """A test client that calls the API with a fresh bearer token of `user`.

    The token counts as just used: its use is written at most once a minute, and that one write
    would otherwise land in the first request of a test that counts queries."""
    issued = org_services.api_token_create(actor=user)
    ApiToken.objects.unscoped().filter(pk=issued.token.pk).update(last_used_at=clock.now())
    return Client(headers={"authorization": f"Bearer {issued.key}"})


def assert_api_error(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """Every API error has the same JSON shape: message, field, and the list of problems."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"message", "field", "errors"}
    assert body["message"] and body["errors"]
    assert body["field"] == field
    return body


@pytest.fixture(scope="session")
def cast_snapshot(django_db_setup: None, django_db_blocker: Any) -> Snapshot[Cast]:
    """The cast, built through the services once per test process."""
    with django_db_blocker.unblock():
        return capture(build_cast)


@pytest.fixture
def cast(db: None, cast_snapshot: Snapshot[Cast]) -> Cast:
    """The cast for one test: its rows written back as built, and objects of the test's own."""
    return cast_snapshot.restore()

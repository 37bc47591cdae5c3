"""The permission matrix: every page route and every API operation, for every member of the cast.

Routes are enumerated from the URL resolver and the OpenAPI schema, so a new route fails
`test_every_*_is_in_the_matrix` until it is registered here with what each person should get.
Each alliance-scoped route runs against both alliances of the story: Alice and Bob's, where Dave
and Mallory are outsiders, and Dave and Bob's, where Alice, Carol and Mallory are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from concord.alliances import services as alliance_services
from concord.alliances.models import Alliance, Party, Programme, TeamMember
from concord.core.models import AuditEvent
from concord.orgs import services as org_services
from concord.orgs.models import Membership
from conftest import Cast

PEOPLE = ["mallory", "dave", "anonymous", "carol", "bob", "alice"]
REDIRECT = {302}
WRITE_OUTCOMES = {200, 302, 400, 403}  # an insider's POST: done, refused or re-rendered; never 5xx


@dataclass
class World:
    """The cast plus one of everything a route can point at, for one of the two alliances."""

    cast: Cast
    alliance: Alliance
    insiders: set[str]
    lead: str
    objects: dict[str, Any] = field(default_factory=dict)

    def people(self) -> list[str]:
        """Outsiders and anonymous first, the lead last: a successful write comes at the end."""
        return sorted(PEOPLE, key=lambda who: (who in self.insiders, who == self.lead))


def build_world(cast: Cast, side: str) -> World:
    if side == "helix":
        alliance, lead, insiders = cast.helix_borealis, cast.alice, {"alice", "bob", "carol"}
    else:
        alliance, lead, insiders = cast.cobalt_borealis, cast.dave, {"dave", "bob"}
    world = World(cast, alliance, insiders, lead.first_name.lower())
    gate = alliance_services.gate_propose(
        actor=lead, alliance=alliance, to_phase="preclinical", rationale="Candidate nominated"
    )
    lead_party = Party.objects.unscoped().get(
        alliance=alliance, organisation=lead.membership.organisation
    )
    world.objects = {
        "gate": gate,
        "party": lead_party,
        "programme": Programme.objects.unscoped().filter(alliance=alliance).first(),
        "team_member": TeamMember.objects.unscoped().filter(party=lead_party).first(),
        "invitation": org_services.invitation_create(
            actor=cast.alice, email="new@helix.test", role="scientist"
        ).invitation,
        "membership": Membership.objects.unscoped().get(user=cast.carol),
        "token": org_services.api_token_create(actor=cast.alice).token,
    }
    return world


def person(world: World, name: str):
    return None if name == "anonymous" else getattr(world.cast, name)


# --- Pages -------------------------------------------------------------------------------------


@dataclass
class Page:
    """A page route: how to fill its URL, whether it is POST-only, and who gets what."""

    kwargs: Callable[[World], dict[str, Any]]
    expect: Callable[[World, str], set[int]]
    post_only: bool = False


def no_kwargs(world: World) -> dict[str, Any]:
    return {}


def alliance_pk(world: World) -> dict[str, Any]:
    return {"pk": world.alliance.pk}


def object_pk(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"pk": world.objects[name].pk}


def public(world: World, who: str) -> set[int]:
    return {200} if who == "anonymous" else {200, 302}


def members(world: World, who: str) -> set[int]:
    return REDIRECT if who == "anonymous" else {200}


def member_writes(world: World, who: str) -> set[int]:
    return REDIRECT if who == "anonymous" else WRITE_OUTCOMES


def alliance_reader(world: World, who: str) -> set[int]:
    if who == "anonymous":
        return REDIRECT
    return {200} if who in world.insiders else {404}


def alliance_manager(world: World, who: str) -> set[int]:
    if who == "anonymous":
        return REDIRECT
    if who not in world.insiders:
        return {404}
    return {403} if who == "carol" else {200}


def alliance_writer(world: World, who: str) -> set[int]:
    if who == "anonymous":
        return REDIRECT
    return WRITE_OUTCOMES if who in world.insiders else {404}


def helix_admin_only(world: World, who: str) -> set[int]:
    """Records of Helix's own organisation: Alice administers, Carol is refused, others 404."""
    return {"anonymous": REDIRECT, "alice": {302}, "carol": {403, 302}}.get(who, {404})


def owner_only(world: World, who: str) -> set[int]:
    return {"anonymous": REDIRECT, "alice": {302}}.get(who, {404})


PAGES: dict[str, Page] = {
    "core:home": Page(no_kwargs, lambda w, who: {200}),
    "login": Page(no_kwargs, public),
    "orgs:login": Page(no_kwargs, public),
    "logout": Page(no_kwargs, lambda w, who: REDIRECT, post_only=True),
    "password_reset": Page(no_kwargs, public),
    "password_reset_done": Page(no_kwargs, public),
    "password_reset_confirm": Page(lambda w: {"uidb64": "MQ", "token": "set-password"}, public),
    "password_reset_complete": Page(no_kwargs, public),
    "password_change": Page(no_kwargs, members),
    "password_change_done": Page(no_kwargs, members),
    "orgs:signup": Page(no_kwargs, public),
    "orgs:invitation-accept": Page(lambda w: {"token": "not-a-real-token"}, lambda w, who: {410}),
    "orgs:organisation-detail": Page(no_kwargs, members),
    "orgs:organisation-list": Page(no_kwargs, members),
    "orgs:profile": Page(no_kwargs, members),
    "orgs:invitation-create": Page(no_kwargs, member_writes, post_only=True),
    "orgs:invitation-revoke": Page(object_pk("invitation"), helix_admin_only, post_only=True),
    "orgs:membership-update": Page(object_pk("membership"), helix_admin_only, post_only=True),
    "orgs:token-create": Page(no_kwargs, member_writes, post_only=True),
    "orgs:token-revoke": Page(object_pk("token"), owner_only, post_only=True),
    "alliances:alliance-list": Page(no_kwargs, members),
    "alliances:alliance-export": Page(no_kwargs, members),
    "alliances:alliance-create": Page(
        no_kwargs, lambda w, who: {"anonymous": REDIRECT, "carol": {403}}.get(who, {200})
    ),
    "alliances:alliance-detail": Page(alliance_pk, alliance_reader),
    "alliances:alliance-activity": Page(alliance_pk, alliance_reader),
    "alliances:alliance-update": Page(alliance_pk, alliance_manager),
    "alliances:programme-create": Page(alliance_pk, alliance_manager),
    "alliances:programme-update": Page(object_pk("programme"), alliance_manager),
    "alliances:party-invite": Page(alliance_pk, alliance_manager),
    "alliances:gate-create": Page(alliance_pk, alliance_manager),
    "alliances:note-create": Page(alliance_pk, alliance_manager),
    "alliances:party-respond": Page(object_pk("party"), alliance_writer, post_only=True),
    "alliances:team-member-add": Page(object_pk("party"), alliance_writer, post_only=True),
    "alliances:team-member-remove": Page(object_pk("team_member"), alliance_writer, post_only=True),
    "alliances:gate-sign": Page(object_pk("gate"), alliance_writer, post_only=True),
    "alliances:gate-decline": Page(object_pk("gate"), alliance_writer, post_only=True),
    "alliances:gate-withdraw": Page(object_pk("gate"), alliance_writer, post_only=True),
}

# Routes the matrix leaves to their own tests, each with the reason.
EXEMPT_NAMESPACES = {
    "admin",  # site staff only; scoped and read-only, see concord/*/tests/test_admin.py
    "api",  # every API operation is walked from the OpenAPI schema below
}


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """Every named route, with its namespace, found by walking the URL resolver."""
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_page_route_is_in_the_matrix():
    routes = {n for n in url_names() if n.split(":")[0] not in EXEMPT_NAMESPACES}
    assert routes - set(PAGES) == set(), "register the new routes in PAGES"
    assert set(PAGES) - routes == set(), "PAGES names routes that no longer exist"


def client_for(world: World, who: str) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(person(world, who))
    return client


@pytest.mark.parametrize("side", ["helix", "cobalt"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(cast, name, side):
    world = build_world(cast, side)
    page = PAGES[name]
    url = reverse(name, kwargs=page.kwargs(world))
    for who in world.people():
        client = client_for(world, who)
        events_before = AuditEvent.objects.unscoped().count()
        response = client.post(url) if page.post_only else client.get(url)
        expected = page.expect(world, who)
        assert response.status_code in expected, (
            f"{who} {'POST' if page.post_only else 'GET'} {url}"
        )
        if response.status_code == 404 or who == "anonymous":
            assert AuditEvent.objects.unscoped().count() == events_before, f"{who} changed data"


# --- API -----------------------------------------------------------------------------------------

# A valid body for each write, so an outsider's 404 is about the record, not the payload.
BODIES: dict[tuple[str, str], Callable[[World], dict[str, Any]]] = {
    ("post", "/api/v1/auth/token"): lambda w: {"username": "nobody@x.test", "password": "nope"},
    ("post", "/api/v1/alliances"): lambda w: {
        "name": "Fresh alliance",
        "effective_date": "2026-01-01",
    },
    ("patch", "/api/v1/alliances/{alliance_id}"): lambda w: {"name": "Renamed alliance"},
    ("post", "/api/v1/alliances/{alliance_id}/parties"): lambda w: {
        "organisation_id": w.cast.outsider_org.pk
    },
    ("post", "/api/v1/parties/{party_id}/decline"): lambda w: {"reason": "Not for us"},
    ("post", "/api/v1/alliances/{alliance_id}/programmes"): lambda w: {
        "asset_name": "NEW-1",
        "modality": "rna",
        "therapeutic_area": "rare",
        "indication": "Fabry disease",
        "stage": "discovery",
    },
    ("patch", "/api/v1/programmes/{programme_id}"): lambda w: {"stage": "phase_1"},
    ("post", "/api/v1/alliances/{alliance_id}/gates"): lambda w: {
        "to_phase": "clinical",
        "rationale": "Ready",
    },
    ("post", "/api/v1/gates/{gate_id}/decline"): lambda w: {"reason": "Data not reviewed"},
    ("post", "/api/v1/alliances/{alliance_id}/notes"): lambda w: {
        "title": "T",
        "body": "B",
        "visibility": "shared",
    },
}
PATH_OBJECTS = {
    "alliance_id": lambda w: w.alliance.pk,
    "party_id": lambda w: w.objects["party"].pk,
    "programme_id": lambda w: w.objects["programme"].pk,
    "gate_id": lambda w: w.objects["gate"].pk,
}
API_WRITE_OUTCOMES = {200, 201, 204, 400, 403, 409, 422}


def api_operations() -> list[tuple[str, str]]:
    from concord.api import api

    paths = api.get_openapi_schema()["paths"]
    return sorted((method, path) for path, ops in paths.items() for method in ops)


def api_expectation(world: World, who: str, method: str, path: str) -> set[int]:
    if path == "/api/v1/auth/token" and method == "post":
        return {401}  # wrong credentials, for everyone
    if who == "anonymous":
        return {401}
    scoped = "{" in path
    if scoped and who not in world.insiders:
        return {404}
    return {200} if method == "get" else API_WRITE_OUTCOMES


def test_every_api_operation_has_a_body_or_needs_none():
    for method, path in api_operations():
        if method in {"post", "patch", "put"} and (method, path) not in BODIES:
            assert (
                path.endswith(("/sign", "/withdraw", "/accept")) or path == "/api/v1/auth/token"
            ), f"give {method.upper()} {path} a valid body in BODIES"


@pytest.mark.parametrize("side", ["helix", "cobalt"])
@pytest.mark.parametrize(("method", "path"), api_operations())
def test_api_access(cast, method, path, side):
    world = build_world(cast, side)
    url = path.format(**{name: get(world) for name, get in PATH_OBJECTS.items()})
    body = BODIES.get((method, path), lambda w: {})(world)
    keys = {
        who: org_services.api_token_create(actor=person(world, who)).key
        for who in PEOPLE
        if who != "anonymous"
    }
    for who in world.people():
        headers = {} if who == "anonymous" else {"authorization": f"Bearer {keys[who]}"}
        client = Client(headers=headers)
        events_before = AuditEvent.objects.unscoped().count()
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code in api_expectation(world, who, method, path), (
            f"{who} {method.upper()} {url}: {response.status_code} {response.content[:200]!r}"
        )
        assert response["content-type"].startswith("application/json")
        if response.status_code in {401, 404}:
            assert AuditEvent.objects.unscoped().count() == events_before, f"{who} changed data"

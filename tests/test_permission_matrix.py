"""The permission matrix: every page route and every API operation, for every member of the cast.

Routes are enumerated from the URL resolver and the OpenAPI schema, so a new route fails
`test_every_*_is_in_the_matrix` until it is registered here with what each person gets. Each
alliance route runs against both alliances of the story, and people are named by their part in it:

- on Alice and Bob's alliance: Alice leads, Bob is the partner, Carol is a read-only colleague of
  Alice's, Dave and Mallory are outsiders;
- on Dave and Bob's alliance: Dave leads, Bob is the partner, Alice, Carol and Mallory are outsiders.

Bob's Borealis also runs a partnering portal, and the lead has submitted to it with an account:
only Borealis (Bob) reaches the team's side of it; the submitter, a rival biotech and everyone else
get a 404. Its public side is open to all.

Every request expects exactly one status. A 404 or 403 must leave the audit trail untouched.
"""

from __future__ import annotations

import copy
import datetime
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from concord.alliances import services as alliance_services
from concord.alliances.models import Party, Programme, TeamMember
from concord.core import clock
from concord.core.emails import MAX_ATTEMPTS
from concord.core.models import AuditEvent, OutboxEmail
from concord.core.portfolio import attention_factors
from concord.orgs import services as org_services
from concord.orgs.models import Membership
from concord.portal import services as portal_services
from concord.portal.models import Criterion, DealStep
from conftest import Cast, signed, signup
from tests import (
    matrix_deals,
    matrix_documents,
    matrix_expectations,
    matrix_goals,
    matrix_governance,
    matrix_health,
    matrix_homework,
    matrix_ip,
    matrix_research,
    matrix_risks,
    matrix_signin,
    matrix_winddown,
)
from tests.matrix import (
    API_READ,
    API_SCOPED_READ,
    HELIX_ADMIN,
    MANAGERS,
    MEMBERS,
    PEOPLE,
    PUBLIC,
    READERS,
    ROLES,
    Operation,
    Page,
    World,
    alliance_pk,
    body,
    by_person,
    expect,
    lead_of,
    no_kwargs,
    object_pk,
    person,
)
from tests.openapi import openapi_schema
from tests.snapshot import Snapshot

# Each later capability keeps its matrix entries in its own module, in the same terms.
EXTENSIONS = (
    matrix_governance,
    matrix_expectations,
    matrix_deals,
    matrix_health,
    matrix_documents,
    matrix_risks,
    matrix_goals,
    matrix_ip,
    matrix_winddown,
    matrix_signin,
    matrix_homework,
    matrix_research,
)


def merged(name: str, base: dict[Any, Any]) -> dict[Any, Any]:
    """One of the extensions' tables, all of them together; a key named twice is a mistake."""
    table: dict[Any, Any] = {}
    for extension in EXTENSIONS:
        entries = getattr(extension, name)
        clash = (set(table) | set(base)) & set(entries)
        assert not clash, f"{extension.__name__} names {sorted(clash)} again in {name}"
        table |= entries
    return table


def build_world(cast: Cast, side: str, extensions: tuple[Any, ...] = ()) -> World:
    """One alliance's world; `extensions` add the records of the capabilities a route is from."""
    if side == "helix":
        alliance, lead = cast.helix_borealis, cast.alice
        roles = {"alice": "lead", "bob": "partner", "carol": "viewer"}
    else:
        alliance, lead = cast.cobalt_borealis, cast.dave
        roles = {"dave": "lead", "bob": "partner"}
    roles = {who: roles.get(who, "outsider") for who in PEOPLE} | {"anonymous": "anonymous"}
    world = World(cast, alliance, roles)
    gate = alliance_services.gate_propose(
        actor=lead,
        alliance=alliance,
        to_phase="preclinical",
        rationale="Candidate nominated",
        **signed(),
    )
    lead_party = Party.objects.unscoped().get(
        alliance=alliance, organisation=lead.membership.organisation
    )
    newcomer = signup("Quartz Bio", "biotech", "quinn@quartz.test", "Quinn", "Quartz").organisation
    world.objects = {
        "gate": gate,
        "party": lead_party,
        "invited_party": alliance_services.party_invite(
            actor=lead, alliance=alliance, organisation=newcomer
        ).party,
        "programme": Programme.objects.unscoped().filter(alliance=alliance).first(),
        "team_member": TeamMember.objects.unscoped().filter(party=lead_party).first(),
        "invitation": org_services.invitation_create(
            actor=cast.alice, email="new@helix.test", role="scientist"
        ).invitation,
        "membership": Membership.objects.unscoped().get(user=cast.carol),
        "token": org_services.api_token_create(actor=cast.alice).token,
        "failed_email": failed_email(cast),
        "saved_view": alliance_services.saved_view_save(
            actor=cast.alice, name="Late ones", query="flag=overdue"
        ),
    }
    world.objects |= borealis_portal(cast, lead)
    for extension in extensions:
        world.objects |= extension.build(world)
    return world


def failed_email(cast: Cast) -> OutboxEmail:
    """A message to Alice that failed after every retry: Helix's admins may send it again."""
    email = OutboxEmail.objects.create(
        name="colleague-invitation",
        to=[cast.alice.email],
        subject="Undelivered",
        text="Text",
        html="<p>Text</p>",
        status=OutboxEmail.Status.FAILED,
        attempts=MAX_ATTEMPTS,
        next_attempt_at=clock.now(),
    )
    email.organisations.set([cast.helix])
    return email


SIDES = ("helix", "cobalt")


def extensions_of(route: str | tuple[str, str]) -> tuple[Any, ...]:
    """The capabilities a page name or an API (method, path) comes from."""
    return tuple(e for e in EXTENSIONS if route in e.PAGES or route in e.OPERATIONS)


def matrix_cases(routes: Iterable[Any]) -> list[Any]:
    """Every route on both sides, ordered so the routes that share a world run one after another.

    Each world is one xdist group, so a single worker builds it, once, and runs its routes.
    """
    cases = []
    for side in SIDES:
        for route in sorted(routes):
            names = [e.__name__.removeprefix("tests.matrix_") for e in extensions_of(route)]
            group = f"matrix-{side}-{'+'.join(names) or 'core'}"
            args = (route, side) if isinstance(route, str) else (*route, side)
            label = route if isinstance(route, str) else f"{route[0]}-{route[1]}"
            cases.append((group, args, f"{label}-{side}"))
    cases.sort(key=lambda case: case[0])  # stable: routes keep their order within a world
    return [
        pytest.param(*args, id=id_, marks=pytest.mark.xdist_group(group))
        for group, args, id_ in cases
    ]


class Worlds:
    """One world at a time, built once in a transaction every test of it runs inside.

    Like Django's setUpTestData: the world's rows stay for as long as tests ask for the same
    world; each test runs in a savepoint rolled back after it and gets its own copy of the
    world's objects. Asking for another world rolls this one back and builds that one.
    """

    def __init__(self, cast: Snapshot[Cast], blocker: Any) -> None:
        self.cast, self.blocker = cast, blocker
        self.key: tuple[str, tuple[Any, ...]] | None = None
        self.world: World | None = None
        self.atomic: Any = None

    def get(self, side: str, extensions: tuple[Any, ...]) -> World:
        if self.key != (side, extensions):
            self.close()
            with self.blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
                self.world = sign_everyone_in(build_world(self.cast.restore(), side, extensions))
            self.key = (side, extensions)
        return copy.deepcopy(self.world)  # type: ignore[return-value]

    def close(self) -> None:
        if self.atomic is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
        self.atomic = self.key = self.world = None


def sign_everyone_in(world: World) -> World:
    """A session and an API key for each person, made with the world: every route's test would
    otherwise sign six people in again (a session write and a login each, then an audited token)."""
    for who in PEOPLE:
        if who != "anonymous":
            client = Client()
            client.force_login(person(world, who))
            world.sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
            world.api_keys[who] = org_services.api_token_create(actor=person(world, who)).key
    return world


@pytest.fixture(scope="module")
def worlds(cast_snapshot: Snapshot[Cast], django_db_blocker: Any) -> Iterator[Worlds]:
    store = Worlds(cast_snapshot, django_db_blocker)
    yield store
    store.close()


@pytest.fixture
def world_of_route(request: pytest.FixtureRequest, worlds: Worlds) -> World:
    """The world of the test's route and side."""
    params = request.node.callspec.params
    route = params["name"] if "name" in params else (params["method"], params["path"])
    return worlds.get(params["side"], extensions_of(route))


@pytest.fixture
def world(world_of_route: World, db: None) -> World:
    """The world, with the test's own savepoint opened inside it (`db` comes after the world)."""
    return world_of_route


def borealis_portal(cast: Cast, submitter: Any) -> dict[str, Any]:
    """Bob's portal, and a submission to it that the lead sent with her account."""
    portal = portal_services.portal_save(actor=cast.bob, slug="borealis")
    portal_services.area_save(
        actor=cast.bob, title="Oncology", therapeutic_areas=["oncology"], reviewers=[cast.bob]
    )
    data = submission_body(email=submitter.email, asset="SUB-1")
    deck = SimpleUploadedFile("deck.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    issued = portal_services.submission_create(
        portal=portal, data=data, submitter=submitter, attachments=[deck]
    )
    advanced = portal_services.submission_create(
        portal=portal,
        data=submission_body(email=submitter.email, asset="SUB-2"),
        submitter=submitter,
    ).submission
    portal_services.submission_decide(actor=cast.bob, submission=advanced, outcome="cda")
    partner_request = portal_services.partner_request_save(
        actor=cast.bob,
        title="Oral GLP-1 agonists",
        seeking="A small molecule with weekly dosing.",
        therapeutic_area="cardiometabolic",
        good_response="Exposure data in two species.",
        respond_by=clock.today() + datetime.timedelta(days=30),
        decide_by=clock.today() + datetime.timedelta(days=90),
    )
    return {
        "deal_step": DealStep.objects.unscoped().get(submission=advanced),
        "partner_request": partner_request,
        "portal": portal,
        "submission": issued.submission,
        "advanced": advanced,
        "status_token": issued.token,
        "attachment": issued.submission.attachments.get(),
        "area": portal.areas.get(),
    }


def submission_body(email: str, asset: str) -> dict[str, Any]:
    return {
        "contact_name": "Sam Submitter",
        "contact_email": email,
        "submitter_organisation_name": "Submitting Bio",
        "asset_name": asset,
        "modality": "antibody",
        "therapeutic_area": "oncology",
        "indication": "Lung cancer",
        "stage": "preclinical",
        "mechanism": "EGFR antibody",
        "differentiation": "Works where others stop.",
        "data_summary": "One xenograft model.",
        "ip_status": "Filed.",
        "deal_type": "licence",
        "attested_non_confidential": True,
    }


# --- Pages -------------------------------------------------------------------------------------


def lead_colleague(world: World) -> int:
    """A colleague of the lead's who is not yet on the alliance team."""
    if "colleague" not in world.objects:
        lead = lead_of(world)
        world.objects["colleague"] = signup_colleague(lead, lead.membership.organisation)
    return world.objects["colleague"].membership.pk


def signup_colleague(admin: Any, organisation: Any) -> Any:
    issued = org_services.invitation_create(
        actor=admin, email=f"sam@{organisation.pk}.test", role="scientist"
    )
    return org_services.invitation_accept(
        token=issued.token, password="a-long-password-1", first_name="Sam", last_name="Colleague"
    ).user


PAGES: dict[str, Page] = {
    "core:home": Page(no_kwargs, expect(others=200)),
    # The development mail inbox: the suite runs with DEBUG off and the cast are not site staff.
    "core:mail-inbox": Page(no_kwargs, expect(others=404)),
    "core:mail-message": Page(
        lambda w: {"name": f"20260101T000000-{'0' * 32}.eml"}, expect(others=404)
    ),
    "login": Page(no_kwargs, PUBLIC),
    "orgs:login": Page(no_kwargs, PUBLIC),
    "logout": Page(no_kwargs, expect(others=302), post=body()),
    "password_reset": Page(no_kwargs, expect(others=200)),
    "password_reset_done": Page(no_kwargs, expect(others=200)),
    "password_reset_confirm": Page(
        lambda w: {"uidb64": "MQ", "token": "set-password"}, expect(others=200)
    ),
    "password_reset_complete": Page(no_kwargs, expect(others=200)),
    "password_change": Page(no_kwargs, MEMBERS),
    "password_change_done": Page(no_kwargs, MEMBERS),
    "orgs:signup": Page(no_kwargs, PUBLIC),
    "orgs:invitation-accept": Page(lambda w: {"token": "not-a-real-token"}, expect(others=410)),
    "alliances:partner-signup": Page(lambda w: {"token": "not-a-real-token"}, expect(others=410)),
    "orgs:organisation-detail": Page(no_kwargs, MEMBERS),
    "orgs:organisation-list": Page(no_kwargs, MEMBERS),
    "orgs:profile": Page(no_kwargs, MEMBERS),
    "orgs:invitation-create": Page(
        no_kwargs,
        by_person(302, carol=403),
        post=lambda w: {"invite-email": f"x{w.alliance.pk}@new.test", "invite-role": "scientist"},
    ),
    "orgs:invitation-revoke": Page(object_pk("invitation"), HELIX_ADMIN, post=body()),
    "orgs:email-list": Page(no_kwargs, by_person(200, carol=403, anonymous=302)),
    "orgs:email-resend": Page(
        object_pk("failed_email"), by_person(404, alice=302, carol=403, anonymous=302), post=body()
    ),
    "orgs:membership-update": Page(
        object_pk("membership"), HELIX_ADMIN, post=body(role="scientist")
    ),
    # The new key is shown once, on the page itself.
    "orgs:token-create": Page(no_kwargs, expect(anonymous=302, others=200), post=body(name="CI")),
    "orgs:token-revoke": Page(object_pk("token"), {"alice": 302, "anonymous": 302}, post=body()),
    "alliances:alliance-list": Page(no_kwargs, MEMBERS),
    "alliances:portfolio": Page(no_kwargs, MEMBERS),
    "alliances:portfolio-csv": Page(no_kwargs, MEMBERS),
    "alliances:portfolio-xlsx": Page(no_kwargs, MEMBERS),
    # Everyone's review pack is their organisation's own: it reads only what they may see.
    "alliances:portfolio-review": Page(no_kwargs, MEMBERS),
    # A saved view is its person's alone: anyone signed in keeps their own; only Alice may
    # delete hers, and to everyone else it does not exist.
    "alliances:saved-view-save": Page(
        no_kwargs, expect(others=302), post=body(name="Watch list", query="tier=strategic")
    ),
    "alliances:saved-view-delete": Page(
        object_pk("saved_view"), by_person(404, alice=302, anonymous=302), post=body()
    ),
    "alliances:portfolio-review-pdf": Page(no_kwargs, MEMBERS),
    "alliances:portfolio-review-xlsx": Page(no_kwargs, MEMBERS),
    # The weights are each organisation's own: every admin sets theirs, a viewer none.
    "alliances:attention-weights": Page(
        no_kwargs,
        by_person(302, carol=403, anonymous=302),
        post=lambda w: {factor.code: "2.5" for factor in attention_factors()},
    ),
    "alliances:alliance-export": Page(no_kwargs, MEMBERS),
    # Creating an alliance depends on one's job, not on a part in an existing alliance.
    "alliances:alliance-create": Page(no_kwargs, by_person(200, carol=403, anonymous=302)),
    "alliances:alliance-detail": Page(alliance_pk, READERS),
    "alliances:alliance-activity": Page(alliance_pk, READERS),
    "alliances:alliance-attention": Page(alliance_pk, READERS),
    "alliances:alliance-update": Page(alliance_pk, MANAGERS),
    "alliances:programme-create": Page(alliance_pk, MANAGERS),
    "alliances:programme-update": Page(object_pk("programme"), MANAGERS),
    "alliances:party-invite": Page(alliance_pk, MANAGERS),
    "alliances:gate-create": Page(alliance_pk, MANAGERS),
    "alliances:note-create": Page(alliance_pk, MANAGERS),
    # Nobody in the story answers for Quartz Bio, the invited organisation.
    "alliances:party-respond": Page(
        object_pk("invited_party"),
        expect(anonymous=302, outsider=404, others=403),
        post=body(decision="accept"),
    ),
    # The partner withdraws Quartz's invitation; the lead then finds it already withdrawn.
    "alliances:party-withdraw": Page(
        object_pk("invited_party"),
        expect(anonymous=302, outsider=404, viewer=403, others=302),
        post=body(),
    ),
    # Each party names its own team: the partner may not touch the lead's.
    "alliances:team-member-add": Page(
        object_pk("party"),
        expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=302),
        post=lambda w: {"user": lead_colleague(w), "role": "scientist"},
    ),
    "alliances:team-member-remove": Page(
        object_pk("team_member"),
        expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=302),
        post=body(),
    ),
    # The lead proposed (and so signed); the partner's signature passes the gate. A signature is
    # the signer's own password, re-entered, and its meaning.
    "alliances:gate-sign": Page(
        object_pk("gate"),
        expect(anonymous=302, outsider=404, viewer=403, lead=200, partner=302),
        post=body(**signed()),
    ),
    # The partner declines; the lead, who signed when proposing, sees the form again with why not.
    "alliances:gate-decline": Page(
        object_pk("gate"),
        expect(anonymous=302, outsider=404, viewer=403, partner=302, lead=200),
        post=body(reason="Data not reviewed", **signed("reject")),
    ),
    "alliances:gate-withdraw": Page(
        object_pk("gate"),
        expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=302),
        post=body(),
    ),
    # The partnering portal. Its public side is open to anyone holding the slug or status link.
    "portal:public": Page(lambda w: {"slug": "borealis"}, expect(others=200)),
    "portal:submit": Page(lambda w: {"slug": "borealis"}, expect(others=200)),
    "portal:submission-status": Page(
        lambda w: {"token": w.objects["status_token"]}, expect(others=200)
    ),
    "portal:status-attachment": Page(
        lambda w: {"token": w.objects["status_token"], "pk": w.objects["attachment"].pk},
        expect(others=200),
    ),
    # The submitter signs its side of the CDA through its link; the receiving team never can.
    "portal:status-cda-sign": Page(
        lambda w: {"token": w.objects["status_token"]},
        by_person(200, bob=403),
        post=body(printed_name="Sam Submitter", authorised="on"),
    ),
    "portal:request-public": Page(
        lambda w: {"slug": "borealis", "pk": w.objects["partner_request"].pk}, expect(others=200)
    ),
    "portal:request-respond": Page(
        lambda w: {"slug": "borealis", "pk": w.objects["partner_request"].pk}, expect(others=200)
    ),
    "portal:sent": Page(no_kwargs, MEMBERS),
    # The receiving team: Borealis's people only; the organisation that sent a submission reads
    # it through its status link or its sent list, never through the team's pages.
    "portal:queue": Page(no_kwargs, MEMBERS),
    "portal:statistics": Page(no_kwargs, MEMBERS),
    "portal:funnel": Page(no_kwargs, MEMBERS),
    "portal:settings": Page(no_kwargs, by_person(200, carol=403, anonymous=302)),
    "portal:area-create": Page(no_kwargs, by_person(200, carol=403, anonymous=302)),
    "portal:requests": Page(no_kwargs, MEMBERS),
    "portal:request-create": Page(no_kwargs, by_person(200, carol=403, anonymous=302)),
    "portal:request-update": Page(object_pk("partner_request"), {"bob": 200, "anonymous": 302}),
    "portal:decline-letters": Page(no_kwargs, by_person(200, carol=403, anonymous=302)),
    "portal:internal-create": Page(no_kwargs, by_person(200, carol=403, anonymous=302)),
    "portal:area-update": Page(object_pk("area"), {"bob": 200, "anonymous": 302}),
    "portal:submission-detail": Page(object_pk("submission"), {"bob": 200, "anonymous": 302}),
    "portal:attachment": Page(object_pk("attachment"), {"bob": 200, "anonymous": 302}),
    "portal:submission-review": Page(
        object_pk("submission"), {"bob": 302, "anonymous": 302}, post=lambda w: rubric_form()
    ),
    "portal:submission-message": Page(
        object_pk("submission"),
        {"bob": 302, "anonymous": 302},
        post=body(audience="note", body="Worth a look."),
    ),
    "portal:submission-ask": Page(
        object_pk("submission"), {"bob": 302, "anonymous": 302}, post=body(question="Tox data?")
    ),
    "portal:submission-decide": Page(
        object_pk("submission"), {"bob": 302, "anonymous": 302}, post=body(outcome="cda")
    ),
    "portal:submission-stage": Page(
        object_pk("advanced"),
        {"bob": 302, "anonymous": 302},
        post=lambda w: {
            "stage": "cda_sent",
            "on": clock.today().isoformat(),
            "owner": w.cast.bob.pk,
        },
    ),
    # The stage's page: Bob's team alone; the lead who submitted it reads no team page.
    "portal:stage-correct": Page(object_pk("deal_step"), {"bob": 200, "anonymous": 302}),
    "portal:submission-cda-sign": Page(
        object_pk("advanced"),
        {"bob": 200, "anonymous": 302},
        post=body(password="x", meaning="approve"),
    ),
    "portal:assign": Page(
        no_kwargs,
        by_person(404, bob=302, anonymous=302),
        post=lambda w: {"submissions": [w.objects["submission"].pk], "reviewers": [w.cast.bob.pk]},
    ),
}
PAGES |= merged("PAGES", PAGES)


def rubric_form() -> dict[str, str]:
    from concord.portal.models import Criterion

    form = {criterion: "4" for criterion in Criterion.values}
    form |= {f"{criterion}_comment": "Solid." for criterion in Criterion.values}
    return form


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
    if who in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[who]
    elif who != "anonymous":
        client.force_login(person(world, who))
    return client


def expected_page_status(page: Page, world: World, who: str) -> int:
    codes = page.codes
    if who in codes:  # routes about one person's own records name people, not parts
        return codes[who]
    if set(codes) - set(ROLES):
        return 404
    return codes[world.roles[who]]


@pytest.mark.parametrize(("name", "side"), matrix_cases(PAGES))
def test_page_access(world, name, side):
    page = PAGES[name]
    url = reverse(name, kwargs=page.kwargs(world))
    for who in world.people():
        client = client_for(world, who)
        data = None if page.post is None else page.post(world)
        events_before = AuditEvent.objects.unscoped().count()
        response = client.get(url) if data is None else client.post(url, data)
        expected = expected_page_status(page, world, who)
        assert response.status_code == expected, (
            f"{who} ({world.roles[who]}) {'POST' if page.post else 'GET'} {url}"
        )
        if response.status_code in {403, 404} or who == "anonymous":
            assert AuditEvent.objects.unscoped().count() == events_before, f"{who} changed data"


# --- API -----------------------------------------------------------------------------------------


FRESH_EMAILS = itertools.count()


def borealis_team(ok: int) -> dict[str, int]:
    """Only Bob's organisation receives the portal's submissions; to all others they are a 404."""
    return by_person(404, bob=ok, anonymous=401)


OPERATIONS: dict[tuple[str, str], Operation] = {
    # A fresh address each time: six failures on one account would be refused (429) as guessing.
    ("post", "/api/v1/auth/token"): Operation(
        expect(others=401),
        lambda w: {"username": f"nobody{next(FRESH_EMAILS)}@x.test", "password": "nope"},
    ),
    ("delete", "/api/v1/auth/token"): Operation(expect(anonymous=401, others=204)),
    ("get", "/api/v1/me"): Operation(API_READ),
    ("get", "/api/v1/me/notifications"): Operation(API_READ),
    ("get", "/api/v1/organizations"): Operation(API_READ),
    ("get", "/api/v1/alliances"): Operation(API_READ),
    ("get", "/api/v1/today"): Operation(API_READ),
    ("get", "/api/v1/portfolio"): Operation(API_READ),
    ("get", "/api/v1/portfolio/weights"): Operation(API_READ),
    ("get", "/api/v1/portfolio/review"): Operation(API_READ),
    # Saved views are each person's own: anyone signed in keeps theirs; only Alice's is hers.
    ("get", "/api/v1/portfolio/views"): Operation(API_READ),
    ("post", "/api/v1/portfolio/views"): Operation(
        expect(anonymous=401, others=201), body(name="Watch list", query="tier=strategic")
    ),
    ("delete", "/api/v1/portfolio/views/{view_id}"): Operation(
        by_person(404, alice=204, anonymous=401)
    ),
    # Each organisation's admins weigh its own portfolio; a viewer cannot.
    ("put", "/api/v1/portfolio/weights"): Operation(
        by_person(200, carol=403, anonymous=401), body(weights={"pulse_drop": "4"})
    ),
    ("post", "/api/v1/alliances"): Operation(
        by_person(201, carol=403, anonymous=401),
        body(name="Fresh alliance", effective_date="2026-01-01"),
    ),
    ("get", "/api/v1/alliances/{alliance_id}"): Operation(API_SCOPED_READ),
    ("patch", "/api/v1/alliances/{alliance_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200), body(name="Renamed alliance")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/parties"): Operation(API_SCOPED_READ),
    # The partner invites Meridian; when the lead tries, Meridian is already invited.
    ("post", "/api/v1/alliances/{alliance_id}/parties"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=422),
        lambda w: {"organisation_id": w.cast.outsider_org.pk},
    ),
    ("post", "/api/v1/parties/{party_id}/accept"): Operation(
        expect(anonymous=401, outsider=404, others=403)
    ),
    ("post", "/api/v1/parties/{party_id}/decline"): Operation(
        expect(anonymous=401, outsider=404, others=403), body(reason="Not for us")
    ),
    ("post", "/api/v1/parties/{party_id}/withdraw"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=422)
    ),
    ("get", "/api/v1/alliances/{alliance_id}/programmes"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/programmes"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        body(
            asset_name="NEW-1",
            modality="rna",
            therapeutic_area="rare",
            indication="Fabry disease",
            stage="discovery",
        ),
    ),
    ("patch", "/api/v1/programmes/{programme_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200), body(stage="phase_1")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/gates"): Operation(API_SCOPED_READ),
    # A gate is already pending, so a second proposal is refused with a reason.
    ("post", "/api/v1/alliances/{alliance_id}/gates"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422),
        body(to_phase="clinical", rationale="Ready"),
    ),
    ("post", "/api/v1/gates/{gate_id}/sign"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=422), body(**signed())
    ),
    ("post", "/api/v1/gates/{gate_id}/decline"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=422),
        body(reason="Data not reviewed", **signed("reject")),
    ),
    ("post", "/api/v1/gates/{gate_id}/withdraw"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=200)
    ),
    ("get", "/api/v1/alliances/{alliance_id}/team"): Operation(API_SCOPED_READ),
    # The partner names Erin, its own colleague; then the lead tries to name her too, for the
    # partner's side as it were, and is refused: each party names its own people.
    ("post", "/api/v1/alliances/{alliance_id}/team"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=422),
        lambda w: {"user_id": w.cast.erin.pk, "role": "executive_sponsor"},
    ),
    # The team place is the lead's own: the partner may neither change its role nor remove it.
    ("patch", "/api/v1/team/{team_member_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=200),
        body(role="alliance_manager"),
    ),
    ("delete", "/api/v1/team/{team_member_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=204)
    ),
    ("get", "/api/v1/people"): Operation(API_READ),
    ("get", "/api/v1/alliances/{alliance_id}/notes"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/notes"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        body(title="T", body="B", visibility="shared"),
    ),
    ("get", "/api/v1/alliances/{alliance_id}/audit"): Operation(API_SCOPED_READ),
    # The portal's team side: Borealis's alone, whatever one's part in an alliance with it.
    ("get", "/api/v1/portal/areas"): Operation(borealis_team(200)),
    ("post", "/api/v1/portal/areas"): Operation(
        borealis_team(201), body(title="Rare disease", therapeutic_areas=["rare"])
    ),
    ("get", "/api/v1/portal/submissions"): Operation(borealis_team(200)),
    ("get", "/api/v1/portal/submissions/{submission_id}"): Operation(borealis_team(200)),
    ("post", "/api/v1/portal/submissions/assign"): Operation(
        borealis_team(200),
        lambda w: {
            "submission_ids": [w.objects["submission"].pk],
            "reviewer_ids": [w.cast.bob.pk],
        },
    ),
    ("post", "/api/v1/portal/submissions/{submission_id}/reviews"): Operation(
        borealis_team(201),
        lambda w: {"scores": {c: {"score": 3, "comment": "Fair"} for c in Criterion.values}},
    ),
    ("post", "/api/v1/portal/submissions/{submission_id}/messages"): Operation(
        borealis_team(201), body(body="Thank you; we are reviewing it.", internal=False)
    ),
    ("post", "/api/v1/portal/submissions/{submission_id}/questions"): Operation(
        borealis_team(201), body(question="Do you have data in a second model?")
    ),
    ("post", "/api/v1/portal/submissions/{submission_id}/decision"): Operation(
        borealis_team(200),
        body(outcome="declined", reasons=["too_early"], feedback="Too early for us. " * 20),
    ),
    ("get", "/api/v1/portal/statistics"): Operation(borealis_team(200)),
    ("get", "/api/v1/portal/funnel"): Operation(borealis_team(200)),
    ("get", "/api/v1/portal/requests"): Operation(borealis_team(200)),
    ("post", "/api/v1/portal/requests"): Operation(
        borealis_team(201),
        lambda w: {
            "title": "Oral peptides",
            "seeking": "An oral peptide platform.",
            "therapeutic_area": "cardiometabolic",
            "good_response": "Bioavailability data.",
            "respond_by": str(clock.today() + datetime.timedelta(days=20)),
            "decide_by": str(clock.today() + datetime.timedelta(days=60)),
        },
    ),
    ("patch", "/api/v1/portal/requests/{request_id}"): Operation(
        borealis_team(200), body(title="Oral GLP-1 agonists, weekly or less")
    ),
    # A submitter's organisation reads its own submission's stages; another pharma nothing. The
    # submission is not advanced yet, so Bob's writes are refused for that reason (422).
    ("get", "/api/v1/portal/submissions/{submission_id}/stages"): Operation(
        expect(lead=200, partner=200, viewer=200, outsider=404, anonymous=401)
    ),
    ("post", "/api/v1/portal/submissions/{submission_id}/stages"): Operation(
        borealis_team(422), body(stage="cda_sent")
    ),
    ("post", "/api/v1/portal/submissions/{submission_id}/cda/signature"): Operation(
        borealis_team(422), lambda w: signed()
    ),
    # The submitter's side signs through its own people: the lead who sent it is told the CDA is
    # not sent yet, a viewer and the receiving team are refused, anyone else finds nothing.
    ("post", "/api/v1/portal/submissions/{submission_id}/cda/submitter-signature"): Operation(
        expect(lead=422, partner=403, viewer=403, outsider=404, anonymous=401),
        body(printed_name="Sam Submitter", authorised=True),
    ),
    # The public side needs no token: the slug is public and the status token is the credential.
    ("get", "/api/v1/public/portals/{slug}"): Operation(expect(others=200)),
    # Each submits from a fresh email address, so the per-email hourly limit is not what answers.
    ("post", "/api/v1/public/portals/{slug}/submissions"): Operation(
        expect(others=201),
        lambda w: submission_body(f"founder{next(FRESH_EMAILS)}@new.test", "NEW-1"),
    ),
    ("get", "/api/v1/public/submissions/{token}"): Operation(expect(others=200)),
    ("get", "/api/v1/public/portals/{slug}/requests"): Operation(expect(others=200)),
    ("post", "/api/v1/public/portals/{slug}/requests/{request_id}/responses"): Operation(
        expect(others=201),
        lambda w: submission_body(f"founder{next(FRESH_EMAILS)}@new.test", "NEW-2"),
    ),
    # The CDA is not sent yet: whoever holds the link is told so.
    ("post", "/api/v1/public/submissions/{token}/cda/signature"): Operation(
        expect(others=422), body(printed_name="Sam Submitter", authorised=True)
    ),
    ("post", "/api/v1/public/submissions/{token}/messages"): Operation(
        expect(others=201), body(body="Here is the answer.")
    ),
}
OPERATIONS |= merged("OPERATIONS", OPERATIONS)
PATH_OBJECTS = {
    "alliance_id": lambda w: w.alliance.pk,
    "party_id": lambda w: w.objects["invited_party"].pk,
    "programme_id": lambda w: w.objects["programme"].pk,
    "gate_id": lambda w: w.objects["gate"].pk,
    "view_id": lambda w: w.objects["saved_view"].pk,
    "team_member_id": lambda w: w.objects["team_member"].pk,
    "submission_id": lambda w: w.objects["submission"].pk,
    "slug": lambda w: w.objects["portal"].slug,
    "token": lambda w: w.objects["status_token"],
    "request_id": lambda w: w.objects["partner_request"].pk,
}
PATH_OBJECTS |= merged("PATH_OBJECTS", PATH_OBJECTS)


def api_operations() -> list[tuple[str, str]]:
    paths = openapi_schema()["paths"]
    return sorted((method, path) for path, ops in paths.items() for method in ops)


def test_every_api_operation_is_in_the_matrix():
    operations = set(api_operations())
    assert operations - set(OPERATIONS) == set(), "register the new operations in OPERATIONS"
    assert set(OPERATIONS) - operations == set(), "OPERATIONS names operations that are gone"


@pytest.mark.parametrize(("method", "path", "side"), matrix_cases(api_operations()))
def test_api_access(world, method, path, side):
    operation = OPERATIONS[(method, path)]
    url = path.format(
        **{name: get(world) for name, get in PATH_OBJECTS.items() if f"{{{name}}}" in path}
    )
    for who in world.people():
        headers = {} if who == "anonymous" else {"authorization": f"Bearer {world.api_keys[who]}"}
        client = Client(headers=headers)
        events_before = AuditEvent.objects.unscoped().count()
        response = getattr(client, method)(
            url, operation.body(world), content_type="application/json"
        )
        codes = operation.codes
        expected = codes[who] if who in codes else codes[world.roles[who]]
        assert response.status_code == expected, (
            f"{who} ({world.roles[who]}) {method.upper()} {url}: {response.content[:200]!r}"
        )
        if response.status_code != 204:
            # Errors are always JSON; a success is what the operation produces (a download: bytes).
            produced = operation.produces if response.status_code < 400 else "application/json"
            assert response["content-type"].startswith(produced)
        if response.status_code in {401, 403, 404}:
            assert AuditEvent.objects.unscoped().count() == events_before, f"{who} changed data"

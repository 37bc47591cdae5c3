"""Today and the portfolio across every capability: the query count does not grow with the
alliances, a biotech never learns of its partner's other alliances, and the API matches the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.alliances import services as alliance_services
from concord.alliances.models import Alliance, Party
from concord.alliances.portfolio import portfolio
from concord.core import clock
from concord.core.today import today_items
from concord.deals import services as deal_services
from concord.expectations import services as expectation_services
from concord.governance import services as governance_services
from concord.health.models import Dimension, DimensionTally, Kind, Round, RoundParty
from concord.health.services import builtin_instruments_ensure, current_version
from conftest import api_client, assert_api_error, partnership, signup

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def busy(alliance: Alliance, lead, partner) -> None:
    """Something of every kind on an alliance: overdue deliveries both ways, a payment, an action."""
    parties = {p.organisation_id: p for p in Party.objects.unscoped().filter(alliance=alliance)}
    ours, theirs = (
        parties[lead.membership.organisation_id],
        parties[partner.membership.organisation_id],
    )
    for owner_party, owner in ((ours, lead), (theirs, partner)):
        expectation_services.commitment_create(
            actor=lead,
            alliance=alliance,
            title=f"Report owed by {owner}",
            acceptance_criteria="QA-signed.",
            owner_party=owner_party,
            owner=owner,
            due_date=days(-5),
        )
    deal_services.fee_create(
        actor=lead,
        alliance=alliance,
        kind="upfront",
        title="Upfront",
        amount=Decimal("1000000"),
        currency="USD",
        payer=ours,
        payee=theirs,
        due_date=days(-2),
    )
    governance_services.action_create(
        actor=lead, alliance=alliance, title="Book the JSC", owner=lead, due_on=days(-1)
    )


def grow(cast, count: int, start: int) -> None:
    for n in range(start, start + count):
        biotech = signup(f"Biotech {n}", "biotech", f"ceo@b{n}.test", "Chief", f"Exec{n}").user
        busy(partnership(cast.bob, biotech, f"Borealis–Biotech {n} alliance"), cast.bob, biotech)


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_today_and_the_portfolio_read_in_as_many_queries_for_three_alliances_as_for_six(cast):
    grow(cast, 1, 0)
    small_today = queries(lambda: today_items(cast.bob))
    small_portfolio = queries(lambda: portfolio(user=cast.bob))
    grow(cast, 3, 1)
    assert len(portfolio(user=cast.bob).rows) == 6
    assert queries(lambda: today_items(cast.bob)) == small_today
    assert queries(lambda: portfolio(user=cast.bob)) == small_portfolio


def pulses(alliance: Alliance, partner_scores: list[int]) -> None:
    """Closed monthly pulses, kept as the services leave them (tallies per party and dimension),
    the partner's side scoring as given: the last below the one before is a falling pulse."""
    version = current_version(builtin_instruments_ensure()[Kind.PULSE])
    dimensions = list(Dimension.objects.unscoped().filter(version=version))
    parties = list(Party.objects.unscoped().filter(alliance=alliance, status="accepted"))
    for back, partner_score in enumerate(partner_scores[::-1], start=1):
        opens = clock.now() - datetime.timedelta(days=30 * back)
        round_ = Round.objects.create(
            alliance=alliance, kind=Kind.PULSE, version=version, title="Pulse",
            period=f"{opens:%Y-%m}", opens_at=opens, closes_at=opens, closed_at=opens,
            status=Round.Status.CLOSED,
        )  # fmt: skip
        for party in parties:
            score = 5 if party == parties[0] else partner_score
            tally = RoundParty.objects.create(
                round=round_, party=party, organisation_id=party.organisation_id, invited=5,
                responded=5, answers=5 * len(dimensions), score_sum=5 * score * len(dimensions),
            )  # fmt: skip
            DimensionTally.objects.bulk_create(
                DimensionTally(round_party=tally, dimension=d, answers=5, score_sum=5 * score)
                for d in dimensions
            )


def governed(alliance: Alliance, lead) -> None:
    """A steering committee with a meeting next week, an open escalation and a gate proposed."""
    jsc = governance_services.committee_create(actor=lead, alliance=alliance, kind="jsc")
    governance_services.meeting_schedule(
        actor=lead, committee=jsc, starts_at=clock.now() + datetime.timedelta(days=7),
        time_zone="Europe/London", location="Oslo",
    )  # fmt: skip
    alliance_services.gate_propose(
        actor=lead, alliance=alliance, to_phase="clinical", rationale="Candidate chosen."
    )


def grow_everything(cast, count: int, start: int) -> None:
    """Alliances of Bob's with something of every capability on each of them."""
    for n in range(start, start + count):
        biotech = signup(f"Rich {n}", "biotech", f"ceo@r{n}.test", "Chief", f"Rich{n}").user
        alliance = partnership(cast.bob, biotech, f"Borealis–Rich {n} alliance")
        busy(alliance, cast.bob, biotech)
        governed(alliance, cast.bob)
        pulses(alliance, [4, 3])


def request_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_pages_and_the_api_read_as_many_queries_for_one_full_alliance_as_for_three(cast):
    """Each alliance has overdue deliveries, payments and actions, a meeting coming, a gate
    pending and pulses that fell: a query per alliance anywhere would show as a difference."""
    browser, api = Client(), api_client(cast.bob)
    browser.force_login(cast.bob)
    paths = [
        (browser, reverse("core:home")),
        (browser, reverse("alliances:portfolio")),
        (api, "/api/v1/today"),
        (api, "/api/v1/portfolio"),
    ]
    grow_everything(cast, 1, 0)
    small = [request_queries(client, path) for client, path in paths]
    grow_everything(cast, 2, 1)
    rows = {r.alliance.name: r for r in portfolio(user=cast.bob).rows}
    rich = rows["Borealis–Rich 2 alliance"]
    assert {r.code for r in rich.facts.reasons} >= {
        "partner_overdue", "own_overdue", "own_overdue_payment", "overdue_action",
        "pulse_drop", "perception_gap",
    }  # fmt: skip
    assert rich.value("next_meeting") and rich.value("pending_gate") and rich.value("health")
    assert [request_queries(client, path) for client, path in paths] == small


def test_a_biotech_never_sees_its_partners_other_alliances_not_even_as_counts(cast):
    busy(cast.cobalt_borealis, cast.dave, cast.bob)  # Dave and Bob's: secret from Alice
    for item in today_items(cast.alice):
        assert item.alliance_id in (None, cast.helix_borealis.pk)
    [row] = portfolio(user=cast.alice).rows
    assert row.alliance == cast.helix_borealis and row.reasons == ["health check overdue"]
    client = Client()
    client.force_login(cast.alice)
    for name in ("core:home", "alliances:portfolio", "alliances:portfolio-csv"):
        text = client.get(reverse(name)).content.decode("utf-8-sig")
        assert "Cobalt" not in text
    api = api_client(cast.alice)
    for path in ("/api/v1/today", "/api/v1/portfolio"):
        assert "Cobalt" not in api.get(path).content.decode()
    # Bob, party to both, sees Cobalt's overdue items.
    assert any(i.alliance_id == cast.cobalt_borealis.pk for i in today_items(cast.bob))


def test_the_api_gives_the_items_and_rows_of_the_pages_with_the_same_filters(cast):
    busy(cast.helix_borealis, cast.alice, cast.bob)
    api = api_client(cast.alice)
    body = api.get("/api/v1/today").json()
    assert body["count"] == len(body["items"]) == len(today_items(cast.alice))
    assert body["overdue"] == sum(1 for i in body["items"] if i["overdue"]) > 0
    first = body["items"][0]
    assert set(first) >= {"kind", "title", "why", "url", "action", "section", "due", "overdue"}
    payments = api.get("/api/v1/today", {"kind": "payment"}).json()["items"]
    assert payments and {i["kind"] for i in payments} == {"payment"}
    rows = api.get("/api/v1/portfolio").json()
    [row] = rows["items"]
    assert row["name"] == cast.helix_borealis.name and Decimal(row["attention"]) > 0
    assert {r["code"] for r in row["reasons"]} >= {"partner_overdue", "own_overdue"}
    assert row["values"]["money_from_us"] == "USD 1,000,000.00"  # exact in the API
    assert {c["key"] for c in rows["columns"]} >= {"health", "next_meeting", "last_activity"}
    assert api.get("/api/v1/portfolio", {"flag": "gap"}).json()["items"] == []
    assert len(api.get("/api/v1/portfolio", {"flag": "overdue"}).json()["items"]) == 1
    assert api.get("/api/v1/portfolio", {"tier": "strategic"}).json()["items"] == []


def test_bad_filters_are_json_errors_naming_the_field(cast):
    api = api_client(cast.alice)
    assert_api_error(api.get("/api/v1/portfolio", {"flag": "nonsense"}), 422, "flag")
    response = api.get("/api/v1/portfolio", {"sort": "sideways"})
    assert response.status_code == 422 and "sort" in response.content.decode()
    response = api.get("/api/v1/today", {"alliance": "x"})
    assert response.status_code == 422 and "alliance" in response.content.decode()


def test_last_activity_on_the_alliance_list_is_the_latest_event_of_any_capability(cast):
    from concord.alliances.selectors import AllianceFilters, alliance_list

    later = clock.now() + datetime.timedelta(days=30)
    with clock.moved_to(later):
        governance_services.action_create(
            actor=cast.dave, alliance=cast.cobalt_borealis, title="Agree the plan", owner=cast.dave,
            due_on=days(7),
        )  # fmt: skip
    listed = {a.pk: a for a in alliance_list(user=cast.bob)}
    cobalt = listed[cast.cobalt_borealis.pk]
    assert cobalt.last_activity == later and cobalt.updated_at < later
    recent_first = alliance_list(user=cast.bob, filters=AllianceFilters(sort="-updated"))
    assert recent_first[0] == cast.cobalt_borealis
    # Alice sees none of Cobalt's events; her alliance's last activity is its own.
    [helix] = alliance_list(user=cast.alice)
    assert helix.last_activity < later


def test_the_weights_are_read_and_set_through_the_api_by_admins_only(cast):
    api = api_client(cast.alice)
    factors = {f["code"]: f for f in api.get("/api/v1/portfolio/weights").json()}
    assert Decimal(factors["pulse_drop"]["weight"]) == Decimal(
        factors["pulse_drop"]["default_weight"]
    )
    response = api.put(
        "/api/v1/portfolio/weights",
        {"weights": {"pulse_drop": "8"}},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert {f["code"]: Decimal(f["weight"]) for f in response.json()}["pulse_drop"] == 8
    bad = api.put(
        "/api/v1/portfolio/weights", {"weights": {"nonsense": "1"}}, content_type="application/json"
    )
    assert_api_error(bad, 422, "nonsense")
    carol = api_client(cast.carol).put(
        "/api/v1/portfolio/weights",
        {"weights": {"pulse_drop": "1"}},
        content_type="application/json",
    )
    assert carol.status_code == 403
    # Borealis's weights are its own: still the default.
    bob = {f["code"]: f for f in api_client(cast.bob).get("/api/v1/portfolio/weights").json()}
    assert Decimal(bob["pulse_drop"]["weight"]) == Decimal(bob["pulse_drop"]["default_weight"])


ALLIANCE_PAGE_QUERIES = 25  # issue 11: the alliance page in a bounded number of queries


def test_the_alliance_page_with_every_capabilitys_panel_reads_in_at_most_25_queries(cast):
    """As `make bench` measures it: a pending gate one party has signed (its manifest is read),
    closed pulse and health-check rounds, commitments, money and an action, seen by the party
    that signed and by the one that still has to (whose page carries the sign-off forms)."""
    from concord.alliances import services as alliance_services
    from concord.core.models import Signature
    from concord.health import services as health_services
    from conftest import signed

    alliance = cast.helix_borealis
    busy(alliance, cast.alice, cast.bob)
    for kind in ("pulse", "health_check"):
        round_ = health_services.round_start(actor=cast.alice, alliance=alliance, kind=kind)
        health_services.round_close(round_pk=round_.pk)
    gate = alliance_services.gate_propose(
        actor=cast.alice, alliance=alliance, to_phase="preclinical", rationale="Go.", **signed()
    )
    assert Signature.objects.unscoped().filter(subject_id=str(gate.pk)).exists()
    url = reverse("alliances:alliance-detail", args=[alliance.pk])

    def page_queries(user) -> int:
        client = Client()
        client.force_login(user)
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    few = {user: page_queries(user) for user in (cast.alice, cast.bob)}
    grow(cast, 2, 0)
    many = {user: page_queries(user) for user in (cast.alice, cast.bob)}
    assert many == few
    assert max(many.values()) <= ALLIANCE_PAGE_QUERIES, many

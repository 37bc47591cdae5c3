"""The portfolio: alliances' own columns and reasons, the attention score and its weights, the
filters, the page, its exports and the weights form. Other capabilities' reasons are tested in
their own apps; here a stand-in source gives each alliance the reasons a test needs."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from concord.alliances import portfolio, services
from concord.alliances.models import AttentionSettings
from concord.core import clock
from concord.core import portfolio as registry
from concord.core.models import AuditEvent
from concord.core.portfolio import PortfolioFacts, Reason
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def reasons(monkeypatch):
    """Replace every capability's source with one giving each alliance the reasons set here."""
    given: dict[int, list[Reason]] = {}

    def source(user, alliance_ids):
        return {pk: PortfolioFacts(reasons=list(given.get(pk, []))) for pk in alliance_ids}

    monkeypatch.setattr(registry, "_SOURCES", [source])
    return given


def order(user, **filters) -> list[str]:
    found = portfolio.portfolio(user=user, filters=portfolio.PortfolioFilters(**filters))
    return [row.alliance.name for row in found.rows]


@pytest.mark.parametrize("factor", [f.code for f in registry.attention_factors()])
def test_each_weight_changes_the_order(cast, reasons, factor):
    other = next(f.code for f in registry.attention_factors() if f.code != factor)
    reasons[cast.helix_borealis.pk] = [Reason(factor, "this factor")]
    reasons[cast.cobalt_borealis.pk] = [Reason(other, "another factor")]
    services.attention_weights_update(actor=cast.bob, weights={factor: "9", other: "1"})
    assert order(cast.bob) == [cast.helix_borealis.name, cast.cobalt_borealis.name]
    services.attention_weights_update(actor=cast.bob, weights={factor: "1", other: "9"})
    assert order(cast.bob) == [cast.cobalt_borealis.name, cast.helix_borealis.name]


def test_the_score_is_units_times_weight_and_says_why(cast, reasons):
    reasons[cast.helix_borealis.pk] = [
        Reason("partner_overdue", "2 overdue deliveries owed to us", Decimal(2)),
        Reason("pulse_drop", "pulse fell 0.6", Decimal("0.6")),
    ]
    [row] = portfolio.portfolio(user=cast.alice).rows
    assert row.score == Decimal("9.0")  # 2 × 3 + 0.6 × 5, the defaults
    assert row.reasons == ["2 overdue deliveries owed to us", "pulse fell 0.6"]
    services.attention_weights_update(actor=cast.alice, weights={"pulse_drop": "10"})
    [row] = portfolio.portfolio(user=cast.alice).rows
    assert row.score == Decimal("12.0")
    # Weights are the organisation's own: Bob's portfolio still counts at the defaults.
    bob_row = next(
        r for r in portfolio.portfolio(user=cast.bob).rows if r.alliance.pk == row.alliance.pk
    )
    assert bob_row.score == Decimal("9.0")


def test_only_admins_set_weights_and_every_weight_is_checked(cast):
    with pytest.raises(PermissionDenied):
        services.attention_weights_update(actor=cast.carol, weights={"pulse_drop": "1"})
    for bad in (
        {"nonsense": "1"},
        {"pulse_drop": "-1"},
        {"pulse_drop": "101"},
        {"pulse_drop": "x"},
    ):
        with pytest.raises(ValidationError) as error:
            services.attention_weights_update(actor=cast.alice, weights=bad)
        assert set(error.value.message_dict) == set(bad)
    assert not AttentionSettings.objects.unscoped().exists()
    services.attention_weights_update(actor=cast.alice, weights={"pulse_drop": "2.5"})
    event = AuditEvent.objects.unscoped().filter(action="alliances.attention_weights_updated").get()
    assert event.after == {"pulse_drop": "2.50"} and event.organisation == cast.helix


def test_a_biotech_sees_only_its_own_alliances_never_a_partners_others(cast):
    assert order(cast.alice) == [cast.helix_borealis.name]
    assert sorted(order(cast.bob)) == sorted([cast.helix_borealis.name, cast.cobalt_borealis.name])
    assert order(cast.mallory) == []
    names = [o.name for o in portfolio.portfolio_partners(user=cast.alice)]
    assert names == ["Borealis Pharma"]  # not Cobalt, Bob's other partner


def test_the_filters_narrow_by_tier_phase_area_partner_owner_and_flag(cast, reasons):
    reasons[cast.cobalt_borealis.pk] = [Reason("overdue_action", "1 overdue action")]
    services.alliance_update(actor=cast.dave, alliance=cast.cobalt_borealis, tier="strategic")
    helix, cobalt = cast.helix_borealis.name, cast.cobalt_borealis.name
    assert order(cast.bob, tier=["strategic"]) == [cobalt]
    assert order(cast.bob, partner=cast.helix.pk) == [helix]
    assert order(cast.bob, owner=cast.bob.pk, sort="name") == [cobalt, helix]
    assert order(cast.bob, owner=cast.alice.pk) == []  # an owner is one of Borealis's own people
    assert order(cast.bob, area=["neuroscience"]) == []
    assert order(cast.bob, area=["oncology"], phase=["discovery"], sort="name") == [cobalt, helix]
    assert order(cast.bob, search="helix") == [helix]


def test_a_pending_gate_is_a_column_a_flag_and_after_a_fortnight_unanswered_a_reason(cast):
    services.gate_propose(  # Alice signs for Helix as she proposes
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Ready.",
        password=PASSWORD,
        meaning="approve",
    )
    pk = cast.helix_borealis.pk
    facts = portfolio.portfolio_source(cast.bob, [pk])[pk]
    assert facts.values["pending_gate"] == "Discovery → Pre-Clinical (0 d)"
    assert facts.flags == {"gate"} and facts.reasons == []
    with clock.moved_to(clock.now() + datetime.timedelta(days=28)):
        [reason] = portfolio.portfolio_source(cast.bob, [pk])[pk].reasons
        assert (reason.code, reason.text, reason.units) == (
            "gate_waiting",
            "gate awaiting our answer 28 days",
            Decimal(2),
        )
        # Helix proposed it, so it has answered: no reason on its side, only the flag.
        assert portfolio.portfolio_source(cast.alice, [pk])[pk].reasons == []


def test_the_gate_is_to_sign_for_the_signers_and_to_wait_on_for_the_proposers_lead(cast):
    services.gate_propose(  # Alice signs for Helix as she proposes
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Ready.",
        password=PASSWORD,
        meaning="approve",
    )
    [sign] = [i for i in portfolio.today_items(cast.erin) if i.kind == "gate"]
    assert (sign.action, sign.section) == ("Sign", "act")
    [wait] = [i for i in portfolio.today_items(cast.alice) if i.kind == "gate"]
    assert wait.section == "flag" and wait.title.startswith("Waiting on the partner")


def test_last_activity_comes_from_the_audit_trail_of_every_kind_of_record(cast):
    pk = cast.helix_borealis.pk
    latest = AuditEvent.objects.unscoped().filter(alliance_id=pk).order_by("-created_at").first()
    facts = portfolio.portfolio_source(cast.alice, [pk])[pk]
    assert facts.values["last_activity"] == latest.created_at
    # A private note of Borealis's is not Helix's to see, nor is when it was written.
    with clock.moved_to(clock.now() + datetime.timedelta(days=3)):
        services.note_create(
            actor=cast.bob,
            alliance=cast.helix_borealis,
            title="Ours",
            body="x",
            visibility="private",
        )
        assert (
            portfolio.portfolio_source(cast.alice, [pk])[pk].values["last_activity"]
            == latest.created_at
        )
        assert (
            portfolio.portfolio_source(cast.bob, [pk])[pk].values["last_activity"]
            > latest.created_at
        )


def page(user, name="alliances:portfolio", **params):
    client = Client()
    client.force_login(user)
    return client.get(reverse(name), params)


def test_the_page_shows_reasons_and_exports_the_same_rows(cast, reasons):
    reasons[cast.cobalt_borealis.pk] = [Reason("escalation", "1 open escalation")]
    text = page(cast.bob).content.decode()
    assert "1 open escalation" in text and text.index(cast.cobalt_borealis.name) < text.index(
        cast.helix_borealis.name
    )
    rows = list(
        csv.reader(
            io.StringIO(page(cast.bob, "alliances:portfolio-csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0][:7] == ["Alliance", "Tier", "Phase", "Partners", "Owner", "Attention", "Reasons"]
    assert [r[0] for r in rows[1:]] == [cast.cobalt_borealis.name, cast.helix_borealis.name]
    assert rows[1][5:7] == ["3.0", "1 open escalation"]
    book = load_workbook(io.BytesIO(page(cast.bob, "alliances:portfolio-xlsx").content))
    sheet = book.active
    assert sheet.cell(3, 1).value == cast.cobalt_borealis.name and sheet.cell(3, 6).value == 3
    filtered = page(cast.bob, "alliances:portfolio-csv", partner=cast.helix.pk).content.decode(
        "utf-8-sig"
    )
    assert cast.cobalt_borealis.name not in filtered


def test_the_weights_form_shows_each_factor_and_saves(cast):
    client = Client()
    client.force_login(cast.alice)
    url = reverse("alliances:attention-weights")
    assert "Pulse fell since the last round" in client.get(url).content.decode()
    data = {f.code: str(f.default_weight) for f in registry.attention_factors()}
    response = client.post(url, {**data, "pulse_drop": "7"})
    assert response.status_code == 302
    assert portfolio.attention_weights(user=cast.alice)["pulse_drop"] == Decimal("7.00")
    assert client.post(url, {**data, "pulse_drop": "-3"}).status_code == 200  # shown again

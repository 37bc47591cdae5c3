"""The deals API's reads against real records: the fuzzer in test_schemathesis.py hits real ids
only now and then, and a deal with history carries every part of each response's shape."""

from __future__ import annotations

import pytest

from concord.deals.tests.conftest import Deal, colleague, populate
from concord.orgs.services import api_token_create
from conftest import signed as signature
from tests.test_schemathesis import CHECKS, keep_the_test_connection, schema  # noqa: F401

ALLIANCE_READS = [
    "/api/v1/alliances/{alliance_id}/deal",
    "/api/v1/alliances/{alliance_id}/milestones",
    "/api/v1/alliances/{alliance_id}/royalty-terms",
    "/api/v1/alliances/{alliance_id}/royalty-reports",
    "/api/v1/alliances/{alliance_id}/tranches",
    "/api/v1/alliances/{alliance_id}/payments",
    "/api/v1/alliances/{alliance_id}/cost-workstreams",
    "/api/v1/alliances/{alliance_id}/cost-entries",
    "/api/v1/alliances/{alliance_id}/money-disputes",
    "/api/v1/alliances/{alliance_id}/audit-requests",
    "/api/v1/alliances/{alliance_id}/finance-notes",
    "/api/v1/alliances/{alliance_id}/amendments",
]


@pytest.fixture
def history(cast):
    from concord.alliances.models import Party, Programme

    parties = Party.objects.unscoped().filter(alliance=cast.helix_borealis)
    deal = Deal(
        cast=cast,
        alliance=cast.helix_borealis,
        helix=parties.get(organisation=cast.helix),
        borealis=parties.get(organisation=cast.borealis),
        programme=Programme.objects.unscoped().get(alliance=cast.helix_borealis),
        fiona=colleague(cast.bob, "fiona@borealis.test", "Fiona", "Foster", "finance"),
        hugo=colleague(cast.alice, "hugo@helix.test", "Hugo", "Hale", "finance"),
    )
    records = populate(deal)
    records["amendments"] = amendments(deal, records)
    return deal, records


def amendments(deal, records):
    """The deal signed, one amendment of each party, each proposal signed: Helix's approved,
    Borealis's pending."""
    import datetime
    from decimal import Decimal

    from concord.deals import services

    services.deal_terms_save(
        actor=deal.cast.bob, alliance=deal.alliance, signed_on=datetime.date(2020, 1, 1)
    )
    raised = services.amendment_propose(
        actor=deal.cast.alice,
        alliance=deal.alliance,
        term="milestone.amount",
        subject_id=records["milestones"]["phase_3"].pk,
        effective_from=datetime.date(2025, 1, 1),
        reason="Protocol change",
        proposed=services.Proposed(value="45000000"),
        **signature(),
    )
    services.amendment_approve(actor=deal.cast.bob, amendment=raised, **signature())
    split = {deal.borealis.pk: Decimal("65"), deal.helix.pk: Decimal("35")}
    pending = services.amendment_propose(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        term="cost_share.split",
        subject_id=records["workstream"].pk,
        effective_from=datetime.date(2099, 1, 1),
        reason="Borealis takes on the CMC work",
        proposed=services.Proposed(shares=split),
        **signature(),
    )
    return {"approved": raised, "pending": pending}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ALLIANCE_READS)
def test_alliance_money_reads_match_the_schema(history, path):
    deal, _ = history
    headers = {"Authorization": f"Bearer {api_token_create(actor=deal.cast.alice).key}"}
    case = schema[path]["GET"].Case(path_parameters={"alliance_id": deal.alliance.pk})
    assert case.call_and_validate(headers=headers, checks=CHECKS).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/api/v1/payments/{payment_id}", "payment_id"),
        ("/api/v1/cost-workstreams/{cost_workstream_id}/true-ups", "cost_workstream_id"),
        ("/api/v1/payments", None),
        ("/api/v1/royalty-reports/{royalty_report_id}", "royalty_report_id"),
    ],
)
def test_ledger_reads_match_the_schema(history, path, key):
    deal, records = history
    ids = {
        "payment_id": records["fee"].payment.pk,
        "cost_workstream_id": records["workstream"].pk,
        "royalty_report_id": records["term"].reports.filter(restatements__isnull=False)[0].pk,
    }
    headers = {"Authorization": f"Bearer {api_token_create(actor=deal.cast.bob).key}"}
    case = schema[path]["GET"].Case(path_parameters={key: ids[key]} if key else {})
    assert case.call_and_validate(headers=headers, checks=CHECKS).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["approved", "pending"])
def test_an_amendment_matches_the_schema(history, which):
    deal, records = history
    headers = {"Authorization": f"Bearer {api_token_create(actor=deal.cast.alice).key}"}
    amendment = records["amendments"][which]
    path = "/api/v1/amendments/{amendment_id}"
    case = schema[path]["GET"].Case(path_parameters={"amendment_id": amendment.pk})
    assert case.call_and_validate(headers=headers, checks=CHECKS).status_code == 200


@pytest.mark.django_db
def test_answering_an_amendment_matches_the_schema(history):
    deal, records = history
    headers = {"Authorization": f"Bearer {api_token_create(actor=deal.cast.alice).key}"}
    path = "/api/v1/amendments/{amendment_id}/approve"
    case = schema[path]["POST"].Case(
        path_parameters={"amendment_id": records["amendments"]["pending"].pk},
        body=dict(signature()),  # the approval is Alice's electronic signature
    )
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["version"] == 2

"""Federated research's pages: the list with its search and empty state, the study page with its
rounds chart, results, admissions and runs, the CSV export and the steward's buttons; a party
outside the study and an outsider reach none of it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from concord.alliances import services as alliance_services
from concord.core.models import AuditEvent
from concord.research.models import DataSteward, StudyParty, StudyRun
from conftest import api_client, assert_api_error
from tests.research_story import ran, research_committee, stewards


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def finished(cast, tmp_path):
    """Helix and Borealis ran a study; Cobalt joined the alliance afterwards, outside it."""
    alliance = cast.helix_borealis
    committee = research_committee(cast.alice, alliance)
    stewards(cast.alice, cast.bob)
    study = ran(cast.alice, cast.bob, committee, tmp_path, rounds=5)
    party = alliance_services.party_invite(
        actor=cast.alice, alliance=alliance, organisation=cast.cobalt
    ).party
    alliance_services.party_respond(actor=cast.dave, party=party, accept=True)
    return study, StudyRun.objects.unscoped().get(study=study)


def test_the_list_is_empty_until_a_study_is_proposed(cast):
    page = client_of(cast.alice).get(reverse("research:study-list", args=[cast.helix_borealis.pk]))
    assert page.status_code == 200
    assert "No studies yet" in page.content.decode()
    assert "Propose a study" in page.content.decode()


def test_the_list_finds_studies_by_words_status_and_model(cast, finished):
    study, _ = finished
    url = reverse("research:study-list", args=[cast.helix_borealis.pk])
    client = client_of(cast.bob)
    assert study.title in client.get(url).content.decode()
    assert study.title in client.get(url, {"q": "recurrence", "model": "cox"}).content.decode()
    missed = client.get(url, {"q": "asthma"}).content.decode()
    assert study.title not in missed and "Nothing found" in missed
    assert study.title not in client.get(url, {"status": "not_approved"}).content.decode()


def test_the_study_page_shows_the_rounds_results_and_each_partys_node(cast, finished):
    study, run = finished
    page = client_of(cast.alice).get(reverse("research:study-detail", args=[study.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="study-rounds"' in text  # the chart
    # Round by round, the model as it stood, scored on the parties' held-out data.
    assert "C-index (held out)" in text
    for round_ in run.rounds.all():
        assert f"Round {round_.number}: C-index {round_.metrics['c_index']:.3f}" in text
    assert "C-index" in text and f"{run.final['c_index']:.3f}" in text
    assert "Your data alone" in text and "Only Helix Biotherapeutics sees this column" in text
    assert text.count("Node admitted") == 2 and "rows, 0 errors" in text
    assert run.model_hash in text


def test_each_party_sees_its_own_local_only_figures_and_never_the_others(cast, finished):
    study, run = finished
    comparisons = {c.organisation_id: c for c in run.comparisons.all()}
    url = reverse("research:study-detail", args=[study.pk])
    for reader, own, other in (
        (cast.alice, cast.helix, cast.borealis),
        (cast.bob, cast.borealis, cast.helix),
    ):
        text = client_of(reader).get(url).content.decode()
        assert f"{comparisons[own.pk].local_only['c_index']:.3f}" in text
        assert f"Only {own.name} sees this column" in text
        assert f"Only {other.name} sees" not in text


def test_a_party_outside_the_study_and_an_outsider_get_404_everywhere(cast, finished):
    study, run = finished
    dave_api = api_client(cast.dave)  # its token's creation is audited, so made before counting
    before = AuditEvent.objects.unscoped().count()
    for reader in (cast.dave, cast.mallory):
        client = client_of(reader)
        for name, pk in (
            ("research:study-detail", study.pk),
            ("research:study-export", study.pk),
            ("research:run-model", run.pk),
        ):
            assert client.get(reverse(name, args=[pk])).status_code == 404
        for name in ("research:study-admit", "research:run-start", "research:study-withdraw"):
            assert client.post(reverse(name, args=[study.pk])).status_code == 404
    for path in (
        f"/api/v1/studies/{study.pk}",
        f"/api/v1/runs/{run.pk}",
        f"/api/v1/runs/{run.pk}/model",
    ):
        assert_api_error(dave_api.get(path), 404)
    listed_api = dave_api.get(f"/api/v1/alliances/{cast.helix_borealis.pk}/studies")
    assert listed_api.status_code == 200 and listed_api.json()["count"] == 0
    assert AuditEvent.objects.unscoped().count() == before
    listed = client_of(cast.dave).get(reverse("research:study-list", args=[cast.helix_borealis.pk]))
    assert listed.status_code == 200 and study.title not in listed.content.decode()


def test_the_csv_export_has_every_round_and_party_but_no_local_only_figures(cast, finished):
    study, run = finished
    response = client_of(cast.bob).get(reverse("research:study-export", args=[study.pk]))
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("run,engine,status,scope,round,party,metric,value")
    figures = sum(len(r.metrics) for r in run.rounds.all())
    assert figures and sum(",round," in line for line in lines[1:]) == figures
    assert any(",party,,Helix Biotherapeutics,C-index," in line for line in lines)
    local = [f"{c.local_only['c_index']}" for c in run.comparisons.all()]
    assert not any(value in text for value in local)


def test_the_steward_withdraws_consent_from_the_page_and_downloads_are_recorded(cast, finished):
    study, run = finished
    client = client_of(cast.bob)
    page = client.get(reverse("research:study-detail", args=[study.pk])).content.decode()
    assert "Withdraw our consent" in page
    response = client.post(
        reverse("research:study-withdraw", args=[study.pk]), {"reason": "Ethics review."}
    )
    assert response.status_code == 302
    part = StudyParty.objects.unscoped().get(study=study, organisation=cast.borealis)
    assert part.admission == "withdrawn" and part.withdrawal_reason == "Ethics review."
    model = client.get(reverse("research:run-model", args=[run.pk]))
    assert model.status_code == 200 and model.content
    assert AuditEvent.objects.unscoped().filter(action="research.model_downloaded").count() == 1


def test_an_admin_appoints_and_ends_a_data_stewards_appointment_from_the_page(cast):
    client = client_of(cast.alice)
    url = reverse("research:stewards")
    assert "No data steward yet" in client.get(url).content.decode()
    assert client.post(url, {"user": cast.carol.pk}).status_code == 302
    steward = DataSteward.objects.unscoped().get(organisation=cast.helix)
    assert steward.user == cast.carol
    assert (
        client_of(cast.carol)
        .post(reverse("research:steward-remove", args=[steward.pk]))
        .status_code
        == 403
    )
    assert (
        client_of(cast.bob).post(reverse("research:steward-remove", args=[steward.pk])).status_code
        == 404
    )
    assert client.post(reverse("research:steward-remove", args=[steward.pk])).status_code == 302
    assert not DataSteward.objects.unscoped().filter(organisation=cast.helix).exists()
    actions = AuditEvent.objects.unscoped().filter(action__startswith="research.steward")
    assert [e.action for e in actions.order_by("pk")] == [
        "research.steward_appointed",
        "research.steward_removed",
    ]

"""Federated research through the services: a study is proposed to the committee, approved by
each party's own vote, admitted by each party's data steward, run on the engine and recorded.

Alice (Helix) and Bob (Borealis) take part; Dave's Cobalt joins the alliance as a third party but
not the study; Mallory is an outsider.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.alliances import services as alliance_services
from concord.core.models import AuditEvent
from concord.research import fl, selectors, services
from concord.research.models import LocalComparison, RunRound, Study, StudyParty, StudyRun
from tests.research_story import (
    admit,
    approve,
    node_public_key,
    nodes,
    parties_of,
    propose,
    research_committee,
    stewards,
    vote,
)


@pytest.fixture
def story(cast, tmp_path):
    alliance = cast.helix_borealis
    committee = research_committee(cast.alice, alliance)
    stewards(cast.alice, cast.bob)
    with nodes(tmp_path, alliance):
        yield cast, committee


def _run(study, actor, capture):
    with capture(execute=True):
        run = services.run_start(actor=actor, study=study)
    run.refresh_from_db()
    return run


def _actions(study) -> list[str]:
    events = AuditEvent.objects.unscoped().filter(alliance=study.alliance).order_by("pk")
    return [e.action for e in events if e.action.startswith(("research.", "decision."))]


def test_a_study_is_approved_only_when_every_party_votes_for_it(story):
    cast, committee = story
    study = propose(cast.alice, cast.helix_borealis, committee)
    assert study.status == Study.Status.AWAITING_APPROVAL
    assert study.decision_reference and study.committee_name == "Joint research committee"
    assert study.pinned_bundle_hash == fl.bundle_hash()
    assert study.pinned_spec_digest == fl.StudySpec.from_json(study.spec_json).digest()
    vote(cast.alice, study)
    study.refresh_from_db()
    assert study.status == Study.Status.AWAITING_APPROVAL  # Borealis has not voted
    assert approve(study, cast.bob).status == Study.Status.APPROVED


def test_a_study_the_committee_rejects_is_not_approved(story):
    cast, committee = story
    study = propose(cast.alice, cast.helix_borealis, committee)
    vote(cast.alice, study, "for")
    vote(cast.bob, study, "against")
    study.refresh_from_db()
    assert study.status == Study.Status.NOT_APPROVED


def test_a_run_is_refused_without_the_committees_approval(story):
    cast, committee = story
    study = propose(cast.alice, cast.helix_borealis, committee)
    admit(study, cast.alice, cast.bob)
    with pytest.raises(ValidationError, match="not approved"):
        services.run_start(actor=cast.alice, study=study)
    assert not StudyRun.objects.unscoped().filter(study=study).exists()


def test_a_run_is_refused_until_every_party_admits_its_node(story):
    cast, committee = story
    study = approve(propose(cast.alice, cast.helix_borealis, committee), cast.alice, cast.bob)
    admit(study, cast.alice)
    with pytest.raises(ValidationError, match="Borealis"):
        services.run_start(actor=cast.alice, study=study)
    assert not StudyRun.objects.unscoped().filter(study=study).exists()


def test_only_a_partys_own_data_steward_admits_its_node(story):
    cast, committee = story
    study = propose(cast.alice, cast.helix_borealis, committee)
    with pytest.raises(PermissionDenied):
        services.study_admit(
            actor=cast.carol, study=study, public_key=node_public_key()
        )  # Helix, but read-only
    erin = cast.erin  # Borealis, but not its data steward
    with pytest.raises(PermissionDenied):
        services.study_admit(actor=erin, study=study, public_key=node_public_key())
    services.study_admit(
        actor=cast.alice, study=study, public_key=node_public_key()
    )  # admits Helix's node, never Borealis's
    parts = {p.organisation_id: p for p in StudyParty.objects.unscoped().filter(study=study)}
    assert parts[cast.helix.pk].is_admitted and not parts[cast.borealis.pk].is_admitted


def test_a_run_with_code_other_than_the_approved_is_refused(story, monkeypatch):
    cast, committee = story
    study = approve(propose(cast.alice, cast.helix_borealis, committee), cast.alice, cast.bob)
    admit(study, cast.alice, cast.bob)
    monkeypatch.setattr(fl, "bundle_hash", lambda: "0" * 64)
    with pytest.raises(ValidationError, match="code differs"):
        services.run_start(actor=cast.alice, study=study)


def test_a_run_trains_records_rounds_and_keeps_the_model(story, django_capture_on_commit_callbacks):
    cast, committee = story
    study = approve(propose(cast.alice, cast.helix_borealis, committee), cast.alice, cast.bob)
    admit(study, cast.alice, cast.bob)
    run = _run(study, cast.bob, django_capture_on_commit_callbacks)
    assert run.status == StudyRun.Status.SUCCEEDED, run.error
    assert run.engine == "simulation"
    rounds = list(RunRound.objects.unscoped().filter(run=run))
    assert rounds and all("log_likelihood" in r.metrics for r in rounds)
    assert 0.5 < run.final["c_index"] <= 1
    assert set(run.per_party) == {"Helix Biotherapeutics", "Borealis Pharma"}
    parts = StudyParty.objects.unscoped().filter(study=study)
    assert all(p.rows and p.rows > 0 and p.errors == {} for p in parts)
    content, _ = services.model_download(actor=cast.alice, run=run)
    import hashlib

    assert hashlib.sha256(content).hexdigest() == run.model_hash


def test_each_party_sees_only_its_own_local_only_comparison(
    story, django_capture_on_commit_callbacks
):
    cast, committee = story
    study = approve(propose(cast.alice, cast.helix_borealis, committee), cast.alice, cast.bob)
    admit(study, cast.alice, cast.bob)
    run = _run(study, cast.alice, django_capture_on_commit_callbacks)
    assert LocalComparison.objects.unscoped().filter(run=run).count() == 2
    mine = selectors.comparison_of(user=cast.alice, run=run)
    theirs = selectors.comparison_of(user=cast.bob, run=run)
    assert mine.organisation == cast.helix and theirs.organisation == cast.borealis
    assert list(LocalComparison.objects.visible_to(cast.carol).filter(run=run)) == [mine]


def test_withdrawn_consent_stops_the_next_run(story, django_capture_on_commit_callbacks):
    cast, committee = story
    study = approve(propose(cast.alice, cast.helix_borealis, committee), cast.alice, cast.bob)
    admit(study, cast.alice, cast.bob)
    assert _run(study, cast.alice, django_capture_on_commit_callbacks).status == "succeeded"
    services.study_withdraw(actor=cast.bob, study=study, reason="Our data-sharing review.")
    with pytest.raises(ValidationError, match="Borealis"):
        services.run_start(actor=cast.alice, study=study)


def test_consent_withdrawn_while_a_run_waits_refuses_it_at_the_node(
    story, django_capture_on_commit_callbacks
):
    cast, committee = story
    study = approve(propose(cast.alice, cast.helix_borealis, committee), cast.alice, cast.bob)
    admit(study, cast.alice, cast.bob)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        run = services.run_start(actor=cast.alice, study=study)
    services.study_withdraw(actor=cast.bob, study=study, reason="Paused.")
    for callback in queued:
        callback()
    run.refresh_from_db()
    assert run.status == StudyRun.Status.REFUSED and "Borealis" in run.error
    assert not RunRound.objects.unscoped().filter(run=run).exists()


def test_schema_errors_are_reported_per_column_and_fail_the_run(
    story, django_capture_on_commit_callbacks, settings
):
    cast, committee = story
    study = approve(propose(cast.alice, cast.helix_borealis, committee), cast.alice, cast.bob)
    admit(study, cast.alice, cast.bob)
    helix = next(p for p in parties_of(cast.helix_borealis) if p.organisation_id == cast.helix.pk)
    train = settings.CONCORD_RESEARCH_NODES_DIR / f"party-{helix.pk}" / "train.csv"
    lines = train.read_text().splitlines()
    header = lines[0].split(",")
    broken = lines[1].split(",")
    broken[header.index("age")] = "old"
    train.write_text("\n".join([lines[0], ",".join(broken), *lines[2:]]) + "\n")
    run = _run(study, cast.alice, django_capture_on_commit_callbacks)
    assert run.status == StudyRun.Status.FAILED
    part = StudyParty.objects.unscoped().get(study=study, organisation=cast.helix)
    assert list(part.errors) == ["age"] and part.rows == len(lines) - 1
    assert "old" not in str(part.errors)  # counts and what is wrong, never the values


def test_every_step_is_an_audit_event(story, django_capture_on_commit_callbacks):
    cast, committee = story
    study = propose(cast.alice, cast.helix_borealis, committee)
    approve(study, cast.alice, cast.bob)
    admit(study, cast.alice, cast.bob)
    run = _run(study, cast.alice, django_capture_on_commit_callbacks)
    services.model_download(actor=cast.bob, run=run)
    services.study_withdraw(actor=cast.bob, study=study, reason="Done for now.")
    actions = _actions(study)
    rounds = RunRound.objects.unscoped().filter(run=run).count()
    expected_start = [
        "research.proposed",
        "decision.proposed",
        "decision.voted",
        "decision.voted",
        "decision.agreed",
        "research.approved",
        "research.admitted",
        "research.admitted",
        "research.run_started",
    ]
    assert actions[: len(expected_start)] == expected_start
    rest = actions[len(expected_start) :]
    # The nodes validate their data before training; Concord keeps their reports with the result.
    assert rest == ["research.round_recorded"] * rounds + [
        "research.node_validated",
        "research.node_validated",
        "research.run_succeeded",
        "research.model_downloaded",
        "research.consent_withdrawn",
    ]


def test_a_party_not_in_the_study_and_an_outsider_see_nothing_of_it(story):
    cast, committee = story
    alliance = cast.helix_borealis
    party = alliance_services.party_invite(
        actor=cast.alice, alliance=alliance, organisation=cast.cobalt
    ).party
    alliance_services.party_respond(actor=cast.dave, party=party, accept=True)
    study = propose(cast.alice, alliance, committee)  # Helix and Borealis only
    assert selectors.study_get(user=cast.bob, pk=study.pk) == study
    for reader in (cast.dave, cast.mallory):
        assert not Study.objects.visible_to(reader).exists()
        assert not StudyParty.objects.visible_to(reader).exists()
        with pytest.raises(Study.DoesNotExist):
            selectors.study_get(user=reader, pk=study.pk)
    with pytest.raises(PermissionDenied):
        services.study_admit(actor=cast.dave, study=study, public_key=node_public_key())

"""A standing coordinator: the parties' own nodes join it from their networks, and a run reaches
its study's nodes and no other.

A SuperLink keeps running (here on loopback, as beside Concord). Each steward made its node's key
pair in its own directory, next to its data, and admits the node with the public half: Concord
registers the key with the coordinator and keeps the node id it gives. Each party then starts its
SuperNode itself, as the README's one command does. A third organisation's node, registered for
some other study, is connected to the same coordinator with no data at all: had the run asked it
anything, it would have refused and failed the run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from concord.research import engine, fl, services
from concord.research.fl.deployment import Deployment
from concord.research.fl.tls import loopback_certificates
from concord.research.models import StudyRun
from tests.research_story import approve, parties_of, propose, research_committee, stewards

pytestmark = [
    pytest.mark.deployment,
    pytest.mark.xdist_group("deployment"),
    # What it tests is the Flower processes' addressing; the app's database part runs on both.
    pytest.mark.one_pass,
    pytest.mark.django_db,
]
PORT = 19170  # the SuperLink; the SuperNodes' own ports follow


@pytest.fixture
def coordinator(tmp_path, settings):
    """The standing SuperLink, and Concord's settings pointing at it."""
    processes = Deployment({}, tmp_path / "coordinator", PORT)
    processes.work.mkdir(parents=True)
    tls = loopback_certificates(processes.work)
    processes.start_superlink(tls)
    settings.CONCORD_RESEARCH_ENGINE = engine.COORDINATOR
    settings.CONCORD_RESEARCH_COORDINATOR = f"127.0.0.1:{PORT}"
    settings.CONCORD_RESEARCH_COORDINATOR_CA = str(tls["ca"])
    yield processes
    processes.__exit__(None, None, None)


def start_node(processes: Deployment, name: str, directory: Path, port: int, pins: str) -> None:
    """A party starts its own SuperNode next to its data, connecting out to the coordinator."""
    config = f'party="{name}" data-dir="{directory}"{pins}'
    processes._start(
        f"supernode-{name}",
        [
            "flower-supernode",
            f"--root-certificates={processes.work / 'ca.pem'}",
            f"--superlink=127.0.0.1:{PORT}",
            "--host=127.0.0.1",
            f"--port={port}",
            f"--auth-supernode-private-key={directory / 'node_key'}",
            f"--node-config={config}",
        ],
        directory / "flower",
    )


def test_a_run_reaches_its_study_nodes_on_the_coordinator_and_no_other(cast, tmp_path, coordinator):
    alliance = cast.helix_borealis
    committee = research_committee(cast.alice, alliance)
    stewards(cast.alice, cast.bob)
    study = approve(propose(cast.alice, alliance, committee, rounds=2), cast.alice, cast.bob)
    pins = (
        f' approved-bundle-hash="{study.pinned_bundle_hash}"'
        f' approved-spec-digest="{study.pinned_spec_digest}"'
    )
    names = [engine.node_key(p.pk) for p in parties_of(alliance)[:2]]
    partners = tmp_path / "partners"  # the parties' own machines: Concord never reads here
    fl.demo_datasets(partners, names, seed=7)
    node_ids = set()
    for index, (steward, name) in enumerate(zip((cast.alice, cast.bob), names, strict=True)):
        public = fl.node_key_files(partners / name)
        part = services.study_admit(actor=steward, study=study, public_key=public)
        assert part.coordinator_node_id.isdigit()
        node_ids.add(part.coordinator_node_id)
        start_node(coordinator, name, partners / name, PORT + 1 + index, pins)
    assert len(node_ids) == 2

    stranger = tmp_path / "stranger"  # another study's node: a key, and no data
    fl.register_node(
        fl.node_key_files(stranger),
        address=f"127.0.0.1:{PORT}",
        root_ca=coordinator.work / "ca.pem",
    )
    start_node(coordinator, "party-999999", stranger, PORT + 9, "")

    run = services.run_start(actor=cast.alice, study=study)
    assert services.run_execute(run.pk) == "succeeded", (
        StudyRun.objects.unscoped().get(pk=run.pk).error
    )
    run = StudyRun.objects.unscoped().get(pk=run.pk)
    assert run.engine == engine.COORDINATOR
    assert run.rounds.count() == 2 and 0.5 < run.final["c_index"] < 1
    assert run.final["rows_train"] == sum(p["rows_train"] for p in run.per_party.values())
    assert len(run.per_party) == 2
    # The steward's page says the node is registered, and under which id.
    client = Client()
    client.force_login(cast.alice)
    page = client.get(reverse("research:study-detail", args=[study.pk])).content.decode()
    own = study.parties.get(organisation=cast.helix)
    assert f"as node <code>{own.coordinator_node_id}</code>" in page

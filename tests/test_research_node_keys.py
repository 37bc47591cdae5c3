"""A node's public key: its steward uploads it when admitting the node (validated as the P-384 key
the engine authenticates nodes with), its fingerprint is shown to the study's parties and nobody
else, a new key is a re-admission, each recorded; the study page tells each steward how to run
its node once the study is approved."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from concord.alliances import services as alliance_services
from concord.core.models import AuditEvent
from concord.research import engine, fl, node_keys, services
from concord.research.models import StudyParty
from tests.research_story import (
    admit,
    approve,
    node_public_key,
    nodes,
    propose,
    research_committee,
    stewards,
    vote,
)


@pytest.fixture
def study(cast):
    committee = research_committee(cast.alice, cast.helix_borealis)
    stewards(cast.alice, cast.bob)
    return propose(cast.alice, cast.helix_borealis, committee)


def _part(study, org) -> StudyParty:
    return StudyParty.objects.unscoped().get(study=study, organisation=org)


def _page(user, study) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("research:study-detail", args=[study.pk]))
    return response.content.decode() if response.status_code == 200 else str(response.status_code)


def test_an_openssh_or_pem_p384_key_is_read_with_its_sha256_fingerprint():
    key = ec.generate_private_key(ec.SECP384R1()).public_key()
    line = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    from_line, print_line = node_keys.parse(line.decode() + " steward@castlegate\n")
    from_pem, print_pem = node_keys.parse(pem.decode())
    assert from_line == from_pem == line.decode()
    assert print_line == print_pem and print_line.startswith("SHA256:") and len(print_line) == 50


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "Give the node's public key"),
        ("ecdsa-sha2-nistp384 not-base64", "not a public key"),
        ("hello", "not a public key"),
        (node_public_key(ec.SECP256R1()), "secp256r1"),
        (
            ed25519.Ed25519PrivateKey.generate()
            .public_key()
            .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
            .decode(),
            "EC key on curve P-384",
        ),
        (
            ec.generate_private_key(ec.SECP384R1())
            .private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            .decode(),
            "private key",
        ),
    ],
    # Named, not shown: the keys are made afresh in each process, and every xdist worker must
    # collect the same test ids.
    ids=["empty", "not-base64", "not-a-key", "p256", "ed25519", "private-key"],
)
def test_anything_but_a_p384_public_key_is_refused_with_the_reason(text, problem):
    with pytest.raises(node_keys.KeyProblem, match=problem):
        node_keys.parse(text)


def test_admission_refuses_a_wrong_key_and_records_the_fingerprint(cast, study):
    with pytest.raises(ValidationError, match="secp256r1"):
        services.study_admit(
            actor=cast.alice, study=study, public_key=node_public_key(ec.SECP256R1())
        )
    assert not _part(study, cast.helix).is_admitted
    key = node_public_key()
    part = services.study_admit(actor=cast.alice, study=study, public_key=key)
    assert part.is_admitted and part.node_public_key == key
    event = AuditEvent.objects.unscoped().filter(action="research.admitted").get()
    assert part.node_key_fingerprint in event.summary
    assert event.after == {"node_key_fingerprint": part.node_key_fingerprint}


def test_a_new_key_is_a_readmission_and_the_same_key_is_refused(cast, study):
    key = node_public_key()
    first = services.study_admit(actor=cast.alice, study=study, public_key=key)
    with pytest.raises(ValidationError, match="already admitted"):
        services.study_admit(actor=cast.alice, study=study, public_key=key)
    second = services.study_admit(actor=cast.alice, study=study, public_key=node_public_key())
    assert second.node_key_fingerprint != first.node_key_fingerprint
    event = AuditEvent.objects.unscoped().filter(action="research.readmitted").get()
    assert event.before == {"node_key_fingerprint": first.node_key_fingerprint}
    assert event.after == {"node_key_fingerprint": second.node_key_fingerprint}


def test_the_fingerprint_reaches_the_studys_parties_and_nobody_else(cast, study):
    part = services.study_admit(actor=cast.alice, study=study, public_key=node_public_key())
    party = alliance_services.party_invite(
        actor=cast.alice, alliance=cast.helix_borealis, organisation=cast.cobalt
    ).party
    alliance_services.party_respond(actor=cast.dave, party=party, accept=True)
    assert part.node_key_fingerprint in _page(cast.alice, study)
    assert part.node_key_fingerprint in _page(cast.bob, study)  # the partner checks it too
    assert _page(cast.dave, study) == "404"  # Cobalt is in the alliance, not the study
    assert _page(cast.mallory, study) == "404"


def test_the_admission_form_refuses_garbage_with_the_reason(cast, study):
    client = Client()
    client.force_login(cast.alice)
    url = reverse("research:study-admit", args=[study.pk])
    response = client.post(url, {"public_key": "ssh-rsa AAAA"}, follow=True)
    assert "not a public key" in response.content.decode()
    assert not _part(study, cast.helix).is_admitted
    client.post(url, {"public_key": node_public_key()})
    assert _part(study, cast.helix).is_admitted


@override_settings(CONCORD_RESEARCH_COORDINATOR="fl.concord.example.com:9443")
def test_run_your_node_waits_for_approval_then_gives_the_one_command(cast, study):
    before = _page(cast.bob, study)
    assert "Run your node" in before and "Nothing to run yet" in before
    assert "flower-supernode" not in before
    approve(study, cast.alice, cast.bob)
    page = _page(cast.bob, study)
    name = engine.node_key(_part(study, cast.borealis).party_id)
    assert "--superlink fl.concord.example.com:9443" in page
    assert f"party=&quot;{name}&quot;" in page
    assert study.pinned_bundle_hash in page and study.pinned_spec_digest in page
    assert reverse("research:coordinator-ca", args=[study.pk]) in page


def test_a_study_the_committee_rejected_has_nothing_to_run(cast, study):
    vote(cast.alice, study, "for")
    vote(cast.bob, study, "against")
    page = _page(cast.bob, study)
    assert "did not approve this study" in page and "flower-supernode" not in page


def test_the_ca_certificate_is_for_the_studys_parties_and_only_when_configured(cast, study):
    url = reverse("research:coordinator-ca", args=[study.pk])
    bob, mallory = Client(), Client()
    bob.force_login(cast.bob)
    mallory.force_login(cast.mallory)
    response = bob.get(url)
    assert response.status_code == 200 and response.content.startswith(b"-----BEGIN CERTIFICATE")
    assert mallory.get(url).status_code == 404
    with override_settings(CONCORD_RESEARCH_COORDINATOR_CA=""):
        assert bob.get(url).status_code == 404
        approve(study, cast.alice, cast.bob)
        assert "Your Concord operator provides" in _page(cast.bob, study)


def test_the_deployment_engine_is_given_each_partys_registered_key(
    cast, study, tmp_path, monkeypatch
):
    """The run hands the engine the keys the stewards registered, by node name (never an
    organisation's name); the simulation stands in for the processes here."""
    approve(study, cast.alice, cast.bob)
    admit(study, cast.alice, cast.bob)
    given = {}

    def deployment(spec, dirs, bundle_hash, spec_digest, on_round, **options):
        given.update(options)
        return fl.run_simulation(spec, dirs, bundle_hash, spec_digest, on_round)

    monkeypatch.setattr(fl, "run_deployment", deployment)
    run = services.run_start(actor=cast.alice, study=study)
    with (
        nodes(tmp_path, cast.helix_borealis),
        override_settings(CONCORD_RESEARCH_ENGINE="deployment"),
    ):
        services.run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == "succeeded"
    parts = StudyParty.objects.unscoped().filter(study=study)
    assert given["public_keys"] == {engine.node_key(p.party_id): p.node_public_key for p in parts}
    assert given["base_port"] == engine.DEMO_PORT

"""Federated research's part of the story, shared by its tests and the permission matrix.

Helix (Alice) and Borealis (Bob) set up a joint research committee; each appoints its own data
steward (Alice and Bob themselves); each party's node keeps a share of GBSG2, the breast-cancer
cohort lifelines ships, in its own directory. Alice proposes a Cox study of recurrence-free
survival; the committee approves it when both parties vote for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import override_settings

from concord.alliances.models import Alliance, Party
from concord.governance import services as governance
from concord.governance.models import Committee, Decision
from concord.orgs.models import User
from concord.research import engine, fl, services
from concord.research.models import Study
from conftest import signed_vote


def parties_of(alliance: Alliance) -> list[Party]:
    return list(
        Party.objects.unscoped()
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .order_by("pk")
    )


def research_committee(lead: User, alliance: Alliance) -> Committee:
    return governance.committee_create(
        actor=lead, alliance=alliance, kind="jrc", name="Joint research committee"
    )


def nodes(tmp: Path, alliance: Alliance, seed: int = 7) -> override_settings:
    """Each party's node directory with its share of the cohort; the settings pointing at them."""
    fl.demo_datasets(tmp, [engine.node_key(p.pk) for p in parties_of(alliance)], seed=seed)
    return override_settings(CONCORD_RESEARCH_NODES_DIR=tmp)


def propose(
    lead: User,
    alliance: Alliance,
    committee: Committee,
    parties: list[Party] | None = None,
    **spec: Any,
) -> Study:
    chosen = parties or parties_of(alliance)[:2]
    return services.study_propose(
        actor=lead,
        alliance=alliance,
        title="Recurrence-free survival after node-positive breast cancer",
        question="Which factors predict recurrence-free survival across our cohorts?",
        committee_id=committee.pk,
        party_ids=[p.pk for p in chosen],
        **services.spec_arguments(fl.demo_spec("cox", rounds=spec.pop("rounds", 8), **spec)),
    )


def vote(voter: User, study: Study, choice: str = "for") -> None:
    decision = Decision.objects.unscoped().get(pk=study.decision_id)
    governance.decision_vote(actor=voter, decision=decision, vote=choice, **signed_vote(choice))


def approve(study: Study, *voters: User) -> Study:
    for voter in voters:
        vote(voter, study)
    study.refresh_from_db()
    return study


def node_public_key(curve: ec.EllipticCurve | None = None) -> str:
    """A fresh node's public key as its steward uploads it (P-384 unless told otherwise)."""
    key = ec.generate_private_key(curve or ec.SECP384R1())
    line = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    return line.decode()


def admit(study: Study, *stewards: User) -> None:
    for steward in stewards:
        services.study_admit(actor=steward, study=study, public_key=node_public_key())


def stewards(lead: User, partner: User) -> None:
    """Each party's alliance manager makes themselves its data steward."""
    services.steward_appoint(actor=lead, user=lead)
    services.steward_appoint(actor=partner, user=partner)


def ran(lead: User, partner: User, committee: Committee, tmp: Path, rounds: int = 4) -> Study:
    """A study both parties approved and admitted, run once on their nodes' data under `tmp`.

    The run's task is queued on commit, which a test's transaction never reaches: it runs here."""
    alliance = committee.alliance
    study = approve(propose(lead, alliance, committee, rounds=rounds), lead, partner)
    admit(study, lead, partner)
    run = services.run_start(actor=lead, study=study)
    with nodes(tmp, alliance):
        services.run_execute(run.pk)
    return study

"""What nodes accept and what they send: approval pinning, no rows on the wire, DP reported."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from concord.research.fl import demo_spec, run_simulation
from concord.research.fl.coordinator import RunRefused
from concord.research.fl.data import HELDOUT_FILE, TRAIN_FILE
from concord.research.fl.node import Node
from concord.research.fl.simulation import InProcessTransport
from concord.research.fl.wire import unpack

# Everything a node may put in a reply; any other key is a leak.
ALLOWED_KEYS = {"party", "phase", "error", "validation", "rows_train", "rows_heldout", "public_key"}
ALLOWED_KEYS |= {"sums", "masked"}
ALLOWED_PREFIXES = ("fed_", "local_", "heldout_")


def _rows(directory) -> list[np.ndarray]:
    """Each row of a party's files as its numeric cells (categories and booleans as codes)."""
    codes = {"yes": 1.0, "no": 0.0, "Pre": 0.0, "Post": 1.0, "I": 0.0, "II": 1.0, "III": 2.0}
    out = []
    for name in (TRAIN_FILE, HELDOUT_FILE):
        with (directory / name).open(newline="") as handle:
            for row in csv.DictReader(handle):
                out.append(
                    np.array([codes.get(v, None) if v in codes else float(v) for v in row.values()])
                )
    return out


def _numbers(value) -> np.ndarray:
    if isinstance(value, np.ndarray):
        return value.astype(float).ravel()
    if isinstance(value, int | float):
        return np.array([float(value)])
    return np.array([])


def leaks(payload: dict, rows: list[np.ndarray]) -> list[str]:
    """What in one sent payload could carry a data row: unknown keys, a message whose numbers
    grow with the rows, or any three consecutive cells of a row (other than small codes such as
    0/1/2, which counts also produce) appearing consecutively among the message's numbers."""
    problems = [k for k in payload if k not in ALLOWED_KEYS and not k.startswith(ALLOWED_PREFIXES)]
    numbers = np.concatenate([_numbers(v) for v in payload.values()] + [np.array([])])
    if numbers.size > 200:
        problems.append(f"{numbers.size} numbers in one message")
    triples = {tuple(numbers[i : i + 3]) for i in range(len(numbers) - 2)}
    for row in rows:
        for start in range(len(row) - 2):
            window = tuple(row[start : start + 3])
            if max(abs(v) for v in window) > 2 and window in triples:
                return [*problems, "a row's values"]
    return problems


def test_no_message_a_node_sends_carries_a_data_row(party_dirs, approved_hash):
    rows = {party: _rows(d) for party, d in party_dirs.items()}
    sent: list[tuple[str, dict]] = []
    for model in ("cox", "logistic"):
        spec = demo_spec(model, secure_aggregation=False)  # in clear, the strictest case
        run_simulation(
            spec, party_dirs, approved_hash, spec.digest(), tap=lambda p, m: sent.append((p, m))
        )
    assert {unpack(m)["phase"] for _, m in sent} == {"check", "stats", "newton", "evaluate"}
    for party, message in sent:
        assert leaks(unpack(message), rows[party]) == [], (party, unpack(message)["phase"])


def test_the_leak_check_catches_a_node_that_sends_a_row(party_dirs, approved_hash):
    """The inspection above can fail: a node that slips one row into its reply is caught."""
    rows = _rows(party_dirs["alpha"])
    honest = {"party": "alpha", "phase": "stats", "sums": np.array([3.0, 1.5, 2.5])}
    assert leaks(honest, rows) == []
    assert leaks({**honest, "sums": np.concatenate([[1.0], rows[5], [2.0]])}, rows) == [
        "a row's values"
    ]
    assert leaks({**honest, "sample": "70,Post,21"}, rows) == ["sample"]


def test_every_node_refuses_a_bundle_that_is_not_the_approved_one(party_dirs, approved_hash):
    spec = demo_spec("logistic")
    other = "0" * 64
    with pytest.raises(RunRefused) as refused:
        run_simulation(spec, party_dirs, other, spec.digest())
    message = str(refused.value)
    for party in party_dirs:
        assert (
            f"{party}: refused: this node's code does not match the approved bundle hash" in message
        )


def test_nodes_refuse_parameters_other_than_the_approved_ones(party_dirs, approved_hash):
    approved = demo_spec("cox", rounds=10)
    changed = demo_spec("cox", rounds=40)
    with pytest.raises(RunRefused, match="do not match the approved digest"):
        run_simulation(changed, party_dirs, approved_hash, approved.digest())


def test_a_node_pinned_by_its_steward_refuses_even_if_the_run_claims_approval(
    party_dirs, approved_hash
):
    approved = demo_spec("cox", rounds=10)
    other = demo_spec("cox", rounds=10, secure_aggregation=False)
    nodes = [Node(p, d, approved_hash, approved.digest()) for p, d in sorted(party_dirs.items())]
    transport = InProcessTransport(nodes)
    replies = transport.broadcast(
        {
            "phase": "check",
            "spec": other.to_json(),
            "approved_bundle_hash": approved_hash,
            "approved_spec_digest": other.digest(),  # what the coordinator claims
        }
    )
    assert all("do not match the approved digest" in r["error"] for r in replies.values())


def test_differential_privacy_spends_and_reports_its_budget(party_dirs, approved_hash):
    spec = demo_spec("logistic", rounds=8, dp_epsilon=4.0)
    result = run_simulation(spec, party_dirs, approved_hash, spec.digest())
    assert result.final["dp_epsilon_budget"] == 4.0
    assert result.final["dp_epsilon_spent"] == pytest.approx(4.0)  # every round ran
    assert 0 < result.final["dp_delta"] <= 1e-5
    assert len(result.rounds) == 8
    assert all("log_likelihood" not in r.metrics for r in result.rounds)  # not released under DP
    exact = demo_spec("logistic", rounds=8)
    plain = run_simulation(exact, party_dirs, approved_hash, exact.digest())
    assert result.model_hash != plain.model_hash
    assert 0.0 <= result.final["auc"] <= 1.0  # noise this strong on ~400 rows costs accuracy


def test_results_carry_each_party_and_its_local_only_model(party_dirs, approved_hash):
    spec = demo_spec("logistic")
    rounds = []
    result = run_simulation(spec, party_dirs, approved_hash, spec.digest(), on_round=rounds.append)
    assert [r.round for r in rounds] == [r.round for r in result.rounds]
    assert set(result.per_party) == set(result.local_only) == set(party_dirs)
    for figures in (*result.per_party.values(), *result.local_only.values(), result.final):
        assert {"auc", "calibration_ece", "calibration_in_the_large", "brier"} <= set(figures)
    pairs = sum(f["pairs"] for f in result.per_party.values())
    assert result.final["pairs"] == pairs
    weighted = sum(f["auc"] * f["pairs"] for f in result.per_party.values()) / pairs
    assert result.final["auc"] == pytest.approx(weighted)


def test_a_refusal_in_deployment_reaches_the_caller_with_its_validation(tmp_path):
    """The ServerApp writes a refusal beside Concord; the engine raises it with the reports."""
    from concord.research.fl.deployment import Deployment

    results = tmp_path / "results.jsonl"
    report = {
        "gamma": {
            TRAIN_FILE: {
                "rows": 90,
                "errors": {"tgrade": ["90 rows with values outside the allowed categories"]},
            }
        }
    }
    results.write_text(
        json.dumps({"refused": "check failed at gamma: validation failed", "validation": report})
        + "\n"
    )
    with pytest.raises(RunRefused, match="validation failed") as refused:
        Deployment({}, tmp_path, 0)._follow(results, None, 0.0, timeout=5)
    assert refused.value.validation == report


def test_results_count_each_partys_rows(party_dirs, approved_hash):
    spec = demo_spec("cox")
    result = run_simulation(spec, party_dirs, approved_hash, spec.digest())
    for party, directory in party_dirs.items():
        with (directory / TRAIN_FILE).open() as handle:
            assert result.per_party[party]["rows_train"] == sum(1 for _ in handle) - 1
    assert result.final["rows_train"] == sum(f["rows_train"] for f in result.per_party.values())

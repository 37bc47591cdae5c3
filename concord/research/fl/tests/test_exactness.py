"""Federated Newton on summed gradients and Hessians gives the pooled model's coefficients."""

from __future__ import annotations

import json

import numpy as np
import pytest

from concord.research.fl import demo_spec, run_simulation
from concord.research.fl.data import TRAIN_FILE, design, standardise
from concord.research.fl.models import cox_stats, fit


def _coefficients(result) -> np.ndarray:
    return np.array(json.loads(result.model)["coefficients_standardised"])


def _pooled(spec, party_dirs, result):
    model = json.loads(result.model)
    strata = [
        standardise(
            design(spec, d / TRAIN_FILE),
            np.array(model["mean"]),
            np.array(model["scale"]),
            intercept=spec.model == "logistic",
        )
        for d in party_dirs.values()
    ]
    if spec.model == "logistic":  # one pool of rows
        strata = [{k: np.concatenate([s[k] for s in strata]) for k in strata[0]}]
    return fit(spec, strata)


@pytest.mark.parametrize("model", ["cox", "logistic"])
@pytest.mark.parametrize("secure", [False, True])
def test_federated_fit_equals_pooled_fit(model, secure, party_dirs, approved_hash):
    spec = demo_spec(model, rounds=25, secure_aggregation=secure)
    result = run_simulation(spec, party_dirs, approved_hash, spec.digest())
    assert result.final["converged"] == 1.0
    assert result.engine == "simulation"
    np.testing.assert_allclose(
        _coefficients(result), _pooled(spec, party_dirs, result), rtol=1e-6, atol=1e-7
    )


def test_secure_aggregation_changes_nothing_but_what_the_coordinator_sees(
    party_dirs, approved_hash
):
    plain = demo_spec("cox", secure_aggregation=False)
    masked = demo_spec("cox", secure_aggregation=True)
    a = run_simulation(plain, party_dirs, approved_hash, plain.digest())
    b = run_simulation(masked, party_dirs, approved_hash, masked.digest())
    np.testing.assert_allclose(_coefficients(a), _coefficients(b), atol=1e-7)
    assert a.final["c_index"] == pytest.approx(b.final["c_index"])


def test_cox_breslow_matches_lifelines_without_ties():
    """An independent check of the partial likelihood: lifelines on tie-free times (where its
    Efron method and our Breslow agree)."""
    lifelines = pytest.importorskip("lifelines")
    rng = np.random.default_rng(3)
    n = 120
    x = rng.normal(size=(n, 2))
    time = rng.exponential(np.exp(-(x @ np.array([0.7, -0.4]))))
    event = (rng.uniform(size=n) < 0.8).astype(float)
    import pandas as pd

    frame = pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "T": time, "E": event})
    reference = lifelines.CoxPHFitter().fit(frame, "T", "E").params_.to_numpy()
    spec = demo_spec("cox")
    ours = fit(spec, [{"x": x, "time": time, "event": event}])
    np.testing.assert_allclose(ours, reference, rtol=1e-4, atol=1e-5)
    _, grad, _ = cox_stats(ours, x, time, event)
    assert np.abs(grad).max() < 1e-6

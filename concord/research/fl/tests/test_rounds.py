"""Each round reports the model as it stood, scored on every party's held-out rows."""

from __future__ import annotations

import pytest

from concord.research.fl import demo_spec, run_simulation


@pytest.mark.parametrize(("model", "score"), [("cox", "c_index"), ("logistic", "auc")])
def test_each_round_scores_its_model_on_the_held_out_rows(party_dirs, approved_hash, model, score):
    spec = demo_spec(model)
    result = run_simulation(spec, party_dirs, approved_hash, spec.digest())
    assert result.final["converged"] == 1.0
    scores = [r.metrics[score] for r in result.rounds]
    # Round one scores the starting model (every coefficient zero): every pair a tie.
    assert scores[0] == pytest.approx(0.5)
    assert all(0.0 <= s <= 1.0 for s in scores)
    # The last round's model is the one kept, so its score is the final one.
    assert scores[-1] == pytest.approx(result.final[score])
    assert scores[-1] > 0.6
    assert all("pairs" not in r.metrics for r in result.rounds)

"""The federated benchmark's goals (the runs themselves happen in `make bench`, not here)."""

from bench.federated import report


def _figures(federated: float, pooled: float, single: float, seconds: float = 1.0) -> dict:
    return {
        "federated": federated,
        "pooled": pooled,
        "mean_single": single,
        "slowest_seconds": seconds,
        "all_converged": True,
    }


def test_goals_hold_when_federated_matches_pooled_and_beats_single_parties():
    summary = {"quality": {"cox": _figures(0.68, 0.68, 0.65)}}
    assert all(ok for ok, _ in report(summary))


def test_goals_fail_below_pooled_below_single_or_too_slow():
    summary = {
        "quality": {
            "cox": _figures(0.66, 0.68, 0.65),
            "logistic": _figures(0.70, 0.70, 0.71, seconds=61.0),
        }
    }
    assert [ok for ok, _ in report(summary)] == [False, True, True, True, False, False]

"""The loopback load's arithmetic and goals (the load itself runs in `make bench`, not here)."""

from bench.load import figures, report


def _kind(p95: float) -> dict:
    return {"requests": 100, "per_second": 10.0, "p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95}


def test_figures_are_percentiles_of_the_timings_in_milliseconds():
    result = figures([i / 1000 for i in range(1, 101)], errors=2, elapsed=10)
    assert result["requests"] == 100 and result["per_second"] == 10.0
    assert result["p50_ms"] == 50.5 and result["p95_ms"] == 96.0 and result["p99_ms"] == 100.0
    assert result["errors"] == 2


def test_the_goals_fail_on_an_error_a_deadlock_or_slow_writes():
    results = {
        "static": _kind(2) | {"errors": 0},
        "read": _kind(100) | {"errors": 0},
        "write": _kind(400) | {"errors": 0},
    }
    assert all(ok for ok, _ in report(results, clients=50, deadlocked=0))
    slow = results | {"write": _kind(501) | {"errors": 0}}
    assert [ok for ok, _ in report(slow, clients=50, deadlocked=0)] == [True, True, False]
    failing = results | {"read": _kind(100) | {"errors": 1}}
    assert [ok for ok, _ in report(failing, clients=50, deadlocked=1)] == [False, False, True]

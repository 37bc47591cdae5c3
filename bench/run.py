"""`make bench`: measure pages and API calls on a big generated portfolio at two sizes.

Runs on its own SQLite file (var/bench.sqlite3), never the working database, with DEBUG off as in
production. For each size it builds a fresh database, generates the portfolio, then requests
every case as the pharma's alliance manager: median latency over the timed runs and the SQL
query count. Results go to bench/results.json and a table; the budgets are checked at the end.
A case whose URL does not exist yet is reported as missing rather than failing the run.

To add a case, append a Case to CASES.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.generate import Portfolio

ROOT = Path(__file__).resolve().parent.parent
# CONCORD_BENCH_DB lets two benchmark runs on one machine keep apart.
BENCH_DB = Path(os.environ.get("CONCORD_BENCH_DB", ROOT / "var" / "bench.sqlite3"))
RESULTS = Path(__file__).resolve().parent / "results.json"
SIZES = (15, 150, 1500)
# The sizes a case runs at unless it names its own: the alliance pages and the capabilities'
# cases compare 15 with 150; Today, the portfolio and its review pack 150 with 1,500 (issue 12).
CASE_SIZES = (15, 150)
PORTFOLIO_SIZES = (150, 1500)
# After the largest portfolio is measured, its portal grows to each of these numbers of
# submissions and the portal's cases run again (see measure_portal_growth).
PORTAL_SIZES = (100_000,)


@dataclass(frozen=True)
class Case:
    """One measured request: its URL for a portfolio, how it signs in, and its latency budget."""

    name: str
    url: Callable[[Portfolio], str]
    auth: str = "session"  # "session" (a logged-in browser) or "token" (Bearer API token)
    budget_ms: float | None = None  # the median allowed at the largest size
    # What the size counts: the pharma's "alliances", or a key of the portfolio's `measures`
    # ("submissions", or whatever an extension's generator put there).
    per: str = "alliances"
    # The most the median may grow between the two largest sizes (1.5: at most half as slow
    # again from 10,000 to 100,000 submissions), if it is held to one.
    growth: float | None = None
    max_queries: int | None = None  # the most SQL queries allowed, at every size
    sizes: tuple[int, ...] = CASE_SIZES  # the portfolio sizes (alliances) it runs at
    # The size whose median the budget holds (a size of `sizes`); the largest if not given.
    budget_at: int | None = None
    # Run with the laid-out PDF cache off (core/pdf.py keeps a PDF by its HTML), so a cached
    # document never stands in for the layout a first request does: the median is of cold ones.
    cold: bool = False


def _reverse(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


CASES: list[Case] = [
    Case("alliance-list-page", lambda p: _reverse("alliances:alliance-list"), budget_ms=150),
    Case(
        "alliance-page",
        lambda p: _reverse("alliances:alliance-detail", p.focus_alliance_id),
        budget_ms=100,
        # Issue 11's bound: the page gathers its panels' data before rendering (24 measured).
        max_queries=25,
    ),
    Case("api-alliance-list", lambda p: "/api/v1/alliances", auth="token", budget_ms=150),
    *(
        Case(
            name,
            url,
            auth=auth,
            budget_ms=budget,
            sizes=PORTFOLIO_SIZES,
            budget_at=150,
            cold=name.endswith("-pdf"),
        )
        for name, url, auth, budget in (
            ("today-page", lambda p: _reverse("core:home"), "session", 200),
            ("portfolio-page", lambda p: _reverse("alliances:portfolio"), "session", 200),
            ("api-today", lambda p: "/api/v1/today", "token", 200),
            ("api-portfolio", lambda p: "/api/v1/portfolio", "token", 200),
            (
                "portfolio-review-page",
                lambda p: _reverse("alliances:portfolio-review"),
                "session",
                2000,
            ),
            (
                "portfolio-review-pdf",
                lambda p: _reverse("alliances:portfolio-review-pdf"),
                "session",
                2000,
            ),
            (
                "portfolio-review-xlsx",
                lambda p: _reverse("alliances:portfolio-review-xlsx"),
                "session",
                2000,
            ),
        )
    ),
    Case(
        "portal-queue-page",
        lambda p: _reverse("portal:queue"),
        budget_ms=200,
        per="submissions",
        growth=1.5,
    ),
    Case(
        "portal-statistics-page",
        lambda p: _reverse("portal:statistics"),
        budget_ms=200,
        per="submissions",
        growth=1.5,
    ),
    Case(
        "portal-funnel-page",
        lambda p: _reverse("portal:funnel"),
        budget_ms=200,
        per="submissions",
        growth=1.5,
    ),
    Case(
        "portal-request-page",
        lambda p: _reverse("portal:request-public", "benchmark", _bench_request_id()),
        budget_ms=200,
        per="submissions",
        growth=1.5,
    ),
    Case(
        "api-portal-funnel",
        lambda p: "/api/v1/portal/funnel",
        auth="token",
        budget_ms=200,
        per="submissions",
        growth=1.5,
    ),
    Case(
        "api-portal-submissions",
        lambda p: "/api/v1/portal/submissions",
        auth="token",
        budget_ms=200,
        per="submissions",
        growth=1.5,
    ),
]


def _bench_request_id() -> int:
    """The generated portal's request for partners (its responses are every 33rd submission)."""
    from concord.portal.models import PartnerRequest

    return int(PartnerRequest.objects.unscoped().get(portal__slug="benchmark").pk)


def extensions() -> tuple[Any, ...]:
    """The later capabilities' benchmark modules: each has CASES and extend(portfolio, size)."""
    from bench import deals, documents, expectations, goals, governance, health, homework

    return (governance, expectations, deals, health, documents, goals, homework)


def all_cases() -> list[Case]:
    return CASES + [case for extension in extensions() for case in extension.CASES]


@dataclass
class Result:
    """One case at one size; `problem` says why it has no figures."""

    case: str
    size: int
    median_ms: float | None = None
    queries: int | None = None
    problem: str = ""
    # The median of the process's CPU time per request: on a shared machine the wall clock
    # counts other people's work too, the CPU time only this request's.
    cpu_ms: float | None = None

    def record(self) -> dict[str, Any]:
        """The form results.json keeps."""
        return {k: v for k, v in asdict(self).items() if k != "problem"}


def configure(database: Path) -> None:
    """Point Django at the benchmark's own database, production-like, before it starts."""
    import warnings

    import django

    # WhiteNoise warns that collectstatic never ran; the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    database.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "concord.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "concord-bench-only")
    # Each run generates a new chain; anchors of the working database's chain would not match.
    os.environ["CONCORD_AUDIT_ANCHOR_FILE"] = ""
    os.environ["SECURE_COOKIES"] = "0"  # the test client speaks plain HTTP
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "ERROR")  # missing cases would log every 404
    django.setup()


def fresh_portfolio(database: Path, size: int) -> Portfolio:
    """A new database file holding a portfolio of `size` alliances for the pharma."""
    from django.core.management import call_command
    from django.db import connections

    from bench.generate import generate

    connections.close_all()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    return generate(alliances=size)


def clients(portfolio: Portfolio) -> dict[str, Any]:
    """A logged-in browser and a Bearer-token API client, both the pharma's alliance manager."""
    from django.test import Client

    from concord.orgs.services import api_token_create

    browser = Client()
    browser.force_login(portfolio.pharma_manager)
    key = api_token_create(actor=portfolio.pharma_manager, name="bench").key
    return {"session": browser, "token": Client(headers={"Authorization": f"Bearer {key}"})}


def measure(case: Case, portfolio: Portfolio, client: Any, size: int, runs: int) -> Result:
    """Warm up, count the queries of one request, then time `runs` requests."""
    from django.db import connection

    size = portfolio.submissions if case.per == "submissions" else size
    size = portfolio.measures.get(case.per, size)
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch

    from concord.core import pdf

    kept = pdf.CACHE_SECONDS
    if case.cold:
        pdf.CACHE_SECONDS = 0  # Django's cache stores nothing for a timeout of 0
    try:
        url = case.url(portfolio)
        for _ in range(3):
            status = client.get(url).status_code
            if status != 200:
                why = "missing (404)" if status == 404 else f"failed (HTTP {status})"
                return Result(case.name, size, problem=why)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # Read now: the capture is a window on a log the next request clears.
        queries = len(captured.captured_queries)
        timings, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    except NoReverseMatch:
        return Result(case.name, size, problem="missing (no such URL name)")
    except Exception as error:  # one broken case must not hide the others
        return Result(case.name, size, problem=f"failed ({type(error).__name__}: {error})")
    finally:
        pdf.CACHE_SECONDS = kept
    median = round(statistics.median(timings) * 1000, 1)
    return Result(case.name, size, median, queries, cpu_ms=round(statistics.median(cpu) * 1000, 1))


def budgets(results: list[Result], cases: list[Case]) -> list[tuple[bool, str]]:
    """Each budget and whether it holds: equal query counts across sizes, medians under budget."""
    checks = []
    for case in cases:
        mine = [r for r in results if r.case == case.name and r.queries is not None]
        if len(mine) < 2:
            checks.append((False, f"{case.name}: not measured at every size"))
            continue
        counts = {r.size: r.queries for r in mine}
        same = len(set(counts.values())) == 1
        sizes = " and ".join(f"{q} at {s}" for s, q in counts.items())
        checks.append((same, f"{case.name}: query count the same at every size ({sizes})"))
        largest = max(mine, key=lambda r: r.size)
        if case.budget_at is not None:
            largest = next((r for r in mine if r.size == case.budget_at), largest)
        checks += _growth(case, mine)
        if case.max_queries is not None:
            most = max(r.queries or 0 for r in mine)
            checks.append(
                (
                    most <= case.max_queries,
                    f"{case.name}: {most} queries (at most {case.max_queries})",
                )
            )
        if case.budget_ms is not None and largest.median_ms is not None:
            fast = largest.median_ms < case.budget_ms
            checks.append(
                (
                    fast,
                    f"{case.name}: median {largest.median_ms} ms at {largest.size} "
                    f"(budget {case.budget_ms:g} ms)",
                )
            )
    return checks


def _growth(case: Case, mine: list[Result]) -> list[tuple[bool, str]]:
    """Whether the median grew no more than the case allows between its two largest sizes."""
    if case.growth is None:
        return []
    before, largest = sorted(mine, key=lambda r: r.size)[-2:]
    if not before.median_ms or largest.median_ms is None:
        return [(False, f"{case.name}: no median to compare")]
    ratio = largest.median_ms / before.median_ms
    return [
        (
            ratio <= case.growth,
            f"{case.name}: median {before.median_ms} ms at {before.size} → {largest.median_ms} ms "
            f"at {largest.size} ({ratio:.2f}×, at most {case.growth:g}×)",
        )
    ]


def table(results: list[Result]) -> str:
    """The results as aligned columns."""
    lines = [f"{'case':<24}{'size':>6}{'median ms':>12}{'queries':>9}{'cpu ms':>9}"]
    for r in results:
        if r.problem:
            lines.append(f"{r.case:<24}{r.size:>6}  {r.problem}")
        else:
            cpu = f"{r.cpu_ms:>9.1f}" if r.cpu_ms is not None else ""
            lines.append(f"{r.case:<24}{r.size:>6}{r.median_ms:>12.1f}{r.queries:>9}{cpu}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate, measure, write results.json, print the table; non-zero if a budget fails."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--portal-sizes",
        type=int,
        nargs="*",
        default=list(PORTAL_SIZES),
        help="submissions the largest portfolio's portal grows to, its cases measured again",
    )
    parser.add_argument("--runs", type=int, default=20, help="timed requests per case")
    parser.add_argument("--case", action="append", help="only this case (repeatable)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-load", action="store_true", help="skip bench/load.py's load")
    args = parser.parse_args(argv)
    configure(BENCH_DB)
    cases = [c for c in all_cases() if not args.case or c.name in args.case]
    results = []
    portal_cases = [c for c in cases if c.per == "submissions"]
    # The portal grows on the largest portfolio its cases run at, before any larger one.
    portal_at = max((s for c in portal_cases for s in c.sizes if s in args.sizes), default=None)
    for size in args.sizes:
        here = [c for c in cases if size in c.sizes]
        if not here:
            continue
        results += measure_size(size, here, args.runs)
        if size == portal_at:
            results += measure_portal_growth(args.portal_sizes, portal_cases, args.runs)
    measured = [r.record() for r in results if not r.problem]
    args.output.write_text(json.dumps(measured, indent=2) + "\n")
    print(f"\n{table(results)}\n")
    checks = budgets(results, cases)
    if not args.no_load and not args.case:
        from bench import load

        checks += load.in_own_process()
    if not args.case or "federated" in args.case:
        from bench import federated

        checks += federated.in_own_process()
    for ok, text in checks:
        print(f"  {'ok  ' if ok else 'FAIL'}  {text}")
    print(f"\nWrote {len(measured)} records to {args.output}")
    return 0 if all(ok for ok, _ in checks) else 1


_LAST: dict[str, Any] = {}  # the portfolio measured last, which the portal's growth reuses


def measure_portal_growth(sizes: list[int], cases: list[Case], runs: int) -> list[Result]:
    """Grow the last portfolio's portal to each number of submissions; measure its cases again.

    The same database, alliances and people, so only the number of submissions differs.
    """
    from bench.generate import grow_portal
    from concord.core.audit import audit_verify

    portfolio, by_auth, results = _LAST["portfolio"], _LAST["clients"], []
    for size in sorted(s for s in sizes if s > portfolio.submissions):
        seconds = grow_portal(portfolio, size)
        chain = "verifies" if audit_verify().ok else "BROKEN"
        print(f"portal grown to {size:,} submissions in {seconds:.1f} s (chain {chain})")
        results += [measure(c, portfolio, by_auth[c.auth], size, runs) for c in cases]
    return results


def measure_size(size: int, cases: list[Case], runs: int) -> list[Result]:
    """One portfolio size: fresh data, then every case."""
    from concord.core.audit import audit_verify

    portfolio = fresh_portfolio(BENCH_DB, size)
    for extension in extensions():
        extension.extend(portfolio, size)
    rows = sum(portfolio.rows.values())
    chain = "verifies" if audit_verify().ok else "BROKEN"
    print(
        f"size {size}: {rows:,} rows generated in {portfolio.seconds:.1f} s "
        f"({portfolio.rows['AuditEvent']:,} audit events; chain {chain}; "
        f"{portfolio.submissions:,} portal submissions)"
    )
    by_auth = clients(portfolio)
    _LAST.update(portfolio=portfolio, clients=by_auth)
    return [measure(c, portfolio, by_auth[c.auth], size, runs) for c in cases]


if __name__ == "__main__":
    sys.exit(main())

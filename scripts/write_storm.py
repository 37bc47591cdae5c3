"""A storm of concurrent writes through the services, on PostgreSQL over loopback.

Reproduces issue 11's deadlocks (notes and portal submissions written at once) and measures the
write latency. It starts from an empty database of its own, which it drops and creates again:

    .venv/bin/python scripts/write_storm.py --database concord_storm --writers 8 --seconds 20

Prints the writes done, the errors by kind (deadlocks named), p50/p95 latency per kind of write,
then seals and verifies the audit trail. Exits 1 if any write failed or the chain is broken.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    args = _arguments()
    _fresh_database(args.host, args.database)
    _configure(f"postgres://postgres@{args.host}:5432/{args.database}")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    world = _world()
    results = _storm(world, args.writers, args.seconds)
    return _report(results)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="concord_storm")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    return parser.parse_args()


def _fresh_database(host: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"postgresql://postgres@{host}:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _configure(url: str) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "concord.settings"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "concord-storm-only")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ["CONCORD_AUDIT_ANCHOR_FILE"] = ""
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    django.setup()


def _world() -> dict:
    """The test cast, and Borealis's open partnering portal."""
    from concord.portal.services import area_save, portal_save
    from conftest import build_cast

    cast = build_cast()
    portal = portal_save(actor=cast.bob, slug="borealis", head_of_bd=cast.erin)
    area_save(
        actor=cast.bob,
        title="Oncology antibodies",
        therapeutic_areas=["oncology"],
        modalities=["antibody"],
        stages=["preclinical"],
        deal_types=["licence"],
        reviewers=[cast.bob],
    )
    return {"cast": cast, "portal": portal}


def _note(world: dict, writer: int, n: int) -> None:
    from concord.alliances.services import note_create

    cast = world["cast"]
    actor = cast.alice if writer % 2 else cast.bob
    note_create(
        actor=actor,
        alliance=cast.helix_borealis,
        title=f"Storm note {writer}-{n}",
        body="Written during the storm.",
        visibility="shared",
    )


# What every storm submission says about its asset; the drill sends the same through the form.
ASSET = {
    "modality": "antibody",
    "therapeutic_area": "oncology",
    "indication": "Solid tumours",
    "stage": "preclinical",
    "mechanism": "Anti-TROP2",
    "differentiation": "Better.",
    "data_summary": "Mouse data.",
    "ip_status": "Filed.",
    "deal_type": "licence",
}


def _submission(world: dict, writer: int, n: int) -> None:
    from concord.portal.services import submission_create

    data = {
        **ASSET,
        "contact_name": "Storm Submitter",
        "contact_email": f"storm-{writer}-{n}@example.test",
        "submitter_organisation_name": f"Storm Bio {writer}",
        "asset_name": f"SB-{writer}-{n}",
        "attested_non_confidential": True,
    }
    submission_create(portal=world["portal"], data=data, ip="")


def _storm(world: dict, writers: int, seconds: float) -> dict:
    from django.db import connection

    results: dict = {"latency": collections.defaultdict(list), "errors": collections.Counter()}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def writer(number: int) -> None:
        n = 0
        while time.monotonic() < stop:
            kind, write = ("note", _note) if n % 2 == number % 2 else ("submission", _submission)
            started = time.monotonic()
            try:
                write(world, number, n)
            except Exception as error:  # counted and named, never hidden
                name = "deadlock" if "deadlock" in str(error) else type(error).__name__
                with lock:
                    results["errors"][f"{kind}: {name}"] += 1
            else:
                with lock:
                    results["latency"][kind].append(time.monotonic() - started)
            n += 1
        connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _report(results: dict) -> int:
    from concord.core.audit import audit_verify

    try:  # the sealer exists once the audit trail no longer locks on the write path
        from concord.core.audit import audit_seal
    except ImportError:
        audit_seal = None
    for kind, times in sorted(results["latency"].items()):
        times.sort()
        p95 = times[int(len(times) * 0.95)] if times else 0
        print(
            f"{kind}: {len(times)} written, p50 {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms"
        )
    failed = sum(results["errors"].values())
    for name, count in results["errors"].most_common():
        print(f"error {name}: {count}")
    if audit_seal is not None:
        print(f"audit events sealed after the storm: {audit_seal()}")
    report = audit_verify()
    print(f"audit verify: {'intact' if report.ok else 'BROKEN'} ({report.checked} events)")
    return 1 if failed or not report.ok else 0


if __name__ == "__main__":
    sys.exit(main())

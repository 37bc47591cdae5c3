"""`concord sweep`: run every registered sweep job, idempotent, every minute by cron or the worker loop."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from concord.core.sweep import sweep_run


class Command(BaseCommand):
    help = (
        "Do the periodic work every app registered (reminders, escalations, nudges, pulse "
        "rounds): each job timed, a failing one reported while the others still run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = sweep_run()
        # Only what did something is printed, so a quiet minute leaves the console quiet;
        # `-v 2` shows every job and its time.
        verbose = options["verbosity"] >= 2
        for outcome in outcomes:
            if outcome.summary or (verbose and not outcome.failed):
                summary = outcome.summary or "nothing to do"
                self.stdout.write(f"sweep: {outcome.name}: {summary} ({outcome.seconds:.2f} s)")
        failed = [outcome.name for outcome in outcomes if outcome.failed]
        if failed:
            raise CommandError(f"sweep: {len(failed)} job(s) failed: {', '.join(failed)}")

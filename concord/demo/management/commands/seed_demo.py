"""`manage.py seed_demo`: play the demo portfolio into the database, once, showing its progress."""

from typing import Any

from django.core.management.base import BaseCommand

from concord.demo.data import ORGS, PLANS
from concord.demo.story import SeedReport, seed_demo


class Command(BaseCommand):
    help = (
        "Seed the demo: a fictional pharma with 33 alliances across 12 partners, a partnering portal and three years of "
        "history, written through the services. Does nothing if the demo is already there."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(
            f"Seeding the {ORGS[0].name} demo: {len(ORGS)} organisations and {len(PLANS)} "
            "alliances, three years of history written through the services (a minute or two)."
        )
        report = seed_demo(progress=self.say)
        if not report.created:
            self.stdout.write("The demo is already seeded; nothing changed.")
            return
        self.stdout.write(self.style.SUCCESS(f"Seeded the demo in {report.seconds:.1f} s:"))
        self.stdout.write(summary(report))

    def say(self, line: str) -> None:
        """One line of progress, shown at once."""
        self.stdout.write(line)
        self.stdout.flush()


def summary(report: SeedReport) -> str:
    """Per chapter, what it left in the database."""
    width = max(len(title) for title in report.counts)
    return "\n".join(
        f"  {title:<{width}}  " + ", ".join(f"{n:,} {what}" for what, n in counts.items())
        for title, counts in report.counts.items()
    )

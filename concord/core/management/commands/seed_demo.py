"""`manage.py seed_demo`: play the demo portfolio into the database, once."""

from typing import Any

from django.core.management.base import BaseCommand

from concord.core.demo import ORGS, seed_demo


class Command(BaseCommand):
    help = (
        "Seed the demo: a fictional pharma with 33 alliances across 12 partners, a partnering portal and three years of "
        "history, written through the services. Does nothing if the demo is already there."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed_demo()
        if not report.created:
            self.stdout.write("The demo is already seeded; nothing changed.")
            return
        counts = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded the {ORGS[0].name} demo in {report.seconds:.1f} s: {counts}."
            )
        )
        self.stdout.write("Demo logins: manage.py print_demo_logins")

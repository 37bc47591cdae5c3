"""`concord sweep`: the periodic work, idempotent, run every minute by cron or the worker loop."""

from typing import Any

from django.core.management.base import BaseCommand

from concord.alliances.services import gate_reminders_send


class Command(BaseCommand):
    help = "Do the periodic work: reminders for gates waiting on a party's sign-off."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = gate_reminders_send()
        self.stdout.write(f"sweep: {reminded} gate reminder(s) sent")

"""`concord sweep`: the periodic work, idempotent, run every minute by cron or the worker loop."""

from typing import Any

from django.core.management.base import BaseCommand

from concord.alliances.services import gate_reminders_send
from concord.portal.services import submission_reminders_send


class Command(BaseCommand):
    help = "Do the periodic work: gate reminders, submission reminders and overdue escalations."

    def handle(self, *args: Any, **options: Any) -> None:
        gates = gate_reminders_send()
        submissions = submission_reminders_send()
        self.stdout.write(
            f"sweep: {gates} gate reminder(s) sent; "
            f"{submissions['reminded']} submission reminder(s), {submissions['escalated']} escalation(s)"
        )

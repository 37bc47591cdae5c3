"""`concord sweep`: the periodic work, idempotent, run every minute by cron or the worker loop."""

from typing import Any

from django.core.management.base import BaseCommand

from concord.alliances.services import gate_reminders_send
from concord.core.audit import audit_anchor, audit_seal
from concord.core.emails import outbox_send_overdue
from concord.core.tasks import tasks_requeue_abandoned
from concord.deals import sweep as deals_sweep
from concord.expectations import sweep as expectations_sweep
from concord.governance import sweep as governance_sweep
from concord.health import sweep as health_sweep
from concord.portal.services import submission_reminders_send


class Command(BaseCommand):
    help = (
        "Do the periodic work: gate and submission reminders, overdue escalations, governance "
        "reminders, commitment and payment nudges, pulse rounds, sealing the audit trail."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        gates = gate_reminders_send()
        submissions = submission_reminders_send()
        lines = [
            f"sweep: {gates} gate reminder(s) sent; "
            f"{submissions['reminded']} submission reminder(s), {submissions['escalated']} escalation(s)"
        ]
        for part in (governance_sweep, expectations_sweep, deals_sweep, health_sweep):
            line = part.sweep()
            if line:
                lines.append(f"sweep: {line}")
        requeued, overdue = tasks_requeue_abandoned(), outbox_send_overdue()
        if requeued or overdue:
            lines.append(
                f"sweep: {requeued} abandoned task(s) requeued, {overdue} email(s) queued again"
            )
        # Last, so the events the work above wrote are sealed in this run too.
        lines.append(f"sweep: {audit_seal()} audit event(s) sealed")
        if audit_anchor():
            lines.append("sweep: audit head anchored for today")
        self.stdout.write("\n".join(lines))

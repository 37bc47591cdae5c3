"""`concord audit verify`: prove the audit trail's hash chain unbroken."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.core.audit import audit_verify


class Command(BaseCommand):
    help = (
        "Work with the audit trail. `verify` walks the hash chain and names the first broken link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event #{report.broken_seq}: {report.problem} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.checked} events; head hash {report.head_hash}."
            )
        )

"""`concord audit verify|seal|anchor`: prove the audit trail's hash chain unbroken, and keep it so."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.core.audit import audit_anchor, audit_seal, audit_verify


class Command(BaseCommand):
    help = (
        "Work with the audit trail. `verify` walks the hash chain, names the first broken link "
        "and counts events not yet sealed; `seal` links what has been written into the chain "
        "(the sweep does this every minute); `anchor` writes today's signed head line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "seal", "anchor"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "seal":
            self.stdout.write(f"Audit events sealed: {audit_seal()}.")
            return
        if options["action"] == "anchor":
            self.stdout.write(
                audit_anchor() or "Today's head is already anchored (or anchors are off)."
            )
            return
        report = audit_verify()
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event #{report.broken_seq}: {report.problem} "
                f"({report.checked} events verified before it)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.checked} events; head hash {report.head_hash}; "
                f"{report.unsealed} not yet sealed; {report.anchors} anchor(s) match."
            )
        )
